from sqlalchemy import Column, Integer, JSON
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import declarative_base
from sqlalchemy_utils import (ChoiceType, EmailType, JSONType, PasswordType, ScalarListType, URLType,
                              UUIDType)

Base = declarative_base()

SIZES = [("s", "Small"), ("m", "Medium"), ("l", "Large")]


class Account(Base):
    __tablename__ = "accounts"
    id = Column(UUIDType(binary=False), primary_key=True)
    email = Column(EmailType, unique=True, nullable=False)
    homepage = Column(URLType)
    password = Column(PasswordType(schemes=["pbkdf2_sha512"]))
    size = Column(ChoiceType(SIZES, impl=Integer()) if False else ChoiceType(SIZES))
    settings = Column(MutableDict.as_mutable(JSONType))
    history = Column(MutableList.as_mutable(JSON))
    labels = Column(ScalarListType())


class Device(Base):
    __tablename__ = "devices"
    id = Column(Integer, primary_key=True)
    account_id = Column(UUIDType(), nullable=True)
