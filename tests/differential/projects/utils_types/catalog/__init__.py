"""sqlalchemy_utils' common types, and SQLAlchemy's mutable wrappers."""
