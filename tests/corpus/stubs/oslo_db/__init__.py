"""A stand-in for oslo.db (not in Debian), written for the corpus runs: what
OpenStack models use from it is oslo_db.sqlalchemy.models (see there)."""
