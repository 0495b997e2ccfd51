"""A Flask-SQLAlchemy 3 application: `db` made in one module and the models
in others, table names derived from class names, db.Table without a
metadata, a subclass without its own primary key (single-table)."""
