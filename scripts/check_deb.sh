#!/usr/bin/env bash
# CI after the tests (issue 16): the .deb that cpack makes installs with
# apt-get on this Debian machine, and the installed orm runs the shop
# example from /usr/share/orm/examples. Needs root (CI's machine is
# throwaway); the package is removed again at the end.
set -euo pipefail
cd "$(dirname "$0")/../build"
cpack -G DEB
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get install -y -qq ./orm_*_amd64.deb
trap '$SUDO apt-get remove -y -qq orm >/dev/null' EXIT
orm --version
work=$(mktemp -d)
cp -r /usr/share/orm/examples/shop "$work/"
cd "$work/shop"
orm migrate
orm seed seed.json --on-conflict skip
orm query 'session.query(Customer).count()'
man -w orm >/dev/null
echo "check_deb: the installed package runs the shop example"
