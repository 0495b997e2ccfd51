#!/usr/bin/env bash
# Installs every Debian package that building orm and running its tests need.
# Safe to run again; needs root (or sudo). toml++ reads orm.toml, utf8proc
# measures text for the query table; Graphviz draws --format svg|png;
# man-db/groff, dpkg-dev/fakeroot (cpack -G DEB, dpkg-shlibdeps), zsh/fish
# and less are for the tests of the man pages, the Debian package, the
# completions and the pager; clang and its runtimes (libclang-rt-dev) build
# the sanitizer and fuzzing build CI runs (scripts/sanitize.sh); pgbouncer
# and openssl for the tests of connection pooling and TLS.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  g++ clang libclang-rt-dev cmake ninja-build pkg-config git ca-certificates \
  libcli11-dev libpqxx-dev libpq-dev libsqlite3-dev nlohmann-json3-dev catch2 libfmt-dev libmimalloc-dev \
  libtomlplusplus-dev libutf8proc-dev libunistring-dev libssl-dev graphviz \
  sqlite3 postgresql postgresql-client pgbouncer openssl \
  python3 python3-sqlalchemy python3-alembic python3-psycopg2 python3-flask-sqlalchemy python3-sqlalchemy-utils python3-sqlmodel python3-passlib \
  time hyperfine \
  man-db groff-base dpkg-dev fakeroot zsh fish less >/dev/null
