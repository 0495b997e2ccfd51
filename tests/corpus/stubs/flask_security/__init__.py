"""A stand-in for Flask-Security (not in Debian), written for the corpus
runs: pgAdmin's first revision hashes its first user's password with it and
sets up the extension on the Flask app. Given to both tools, so that the
revision's rows get a password hash under each."""


class Security:
    def __init__(self, app=None, datastore=None, **kwargs):
        self.app = app
        self.datastore = datastore


class SQLAlchemyUserDatastore:
    def __init__(self, db, user_model, role_model, **kwargs):
        self.db = db
        self.user_model = user_model
        self.role_model = role_model


class UserMixin:
    pass


class RoleMixin:
    pass


class _AnonymousUser:
    is_authenticated = False
    id = None


current_user = _AnonymousUser()


def login_required(func):
    return func
