"""A stand-in for the iso8601 package (not in Debian), written for the
corpus runs: gnocchi's utils.utcnow() builds an aware datetime with
iso8601.iso8601.UTC. Given to both tools, so that a revision stamping rows
with it runs under each."""
from iso8601.iso8601 import UTC, parse_date  # noqa: F401
