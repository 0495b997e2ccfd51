"""flask_security.utils: a password hash (not a secure one: the corpus
databases are thrown away) and its check."""
import hashlib


def hash_password(password):
    return "sha256$" + hashlib.sha256(password.encode("utf-8")).hexdigest()


def verify_and_update_password(password, user):
    return getattr(user, "password", None) == hash_password(password)


def login_user(user, remember=None):
    return True


def logout_user():
    pass


def get_post_login_redirect(declared=None):
    return "/"


def get_post_logout_redirect(declared=None):
    return "/"


def config_value(key, app=None, default=None):
    return default


def get_security_endpoint_name(endpoint):
    return "security." + endpoint


def send_mail(subject, recipient, template, **context):
    pass
