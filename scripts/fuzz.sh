#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for a bounded number of inputs, from
# a seed corpus made of the repository's own fixtures (models, revision
# files, README queries, seed data, URLs, SQLite DDL). Fails on a crash, a
# sanitizer report, a timeout, an out-of-memory, or an input that makes a
# reader end other than with an orm error of a documented category (the
# targets abort on those: see fuzz/fuzz_support.hpp).
#
#   scripts/fuzz.sh BUILD_DIR [RUNS] [TARGET...]
#
# BUILD_DIR was configured with -DORM_FUZZ=ON (and, in CI, -DORM_SANITIZE=ON)
# and has the targets built. RUNS defaults to 20000 (each target stops at
# FUZZ_MAX_SECONDS, 150, if that comes first); FUZZ_SECONDS=N runs each
# target for N seconds instead (for longer runs while developing). Findings
# are written to BUILD_DIR/fuzz-findings/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD_DIR [RUNS] [TARGET...]}
runs=${2:-20000}
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_python fuzz_migration fuzz_query fuzz_seed fuzz_url fuzz_sqlite_schema)

work="${FUZZ_WORK:-$build/fuzz-work}"   # seeds, grown corpora and logs (FUZZ_WORK: for runs side by side)
rm -rf "$work"
mkdir -p "$work"

# One seed file per fixture; `prefix` (for fuzz_seed) is the byte that picks JSON (0) or NDJSON (1).
add_files() {   # corpus_dir prefix file...
    local dir=$1 prefix=$2 n
    shift 2
    mkdir -p "$dir"
    n=$(ls "$dir" | wc -l)   # after the seeds a previous call added
    for f in "$@"; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        { [ -z "$prefix" ] || printf '%b' "$prefix"; cat "$f"; } > "$dir/fixture-$n"
    done
}
add_lines() {   # corpus_dir: one seed per stdin line
    local dir=$1 n
    mkdir -p "$dir"
    n=$(ls "$dir" | wc -l)
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" > "$dir/line-$n"
    done
}

add_files "$work/fuzz_python" "" tests/python/programs/*.py share/examples/shop/models.py tests/reference/tutorial_models.py \
    tests/differential/models/*.py fuzz/seeds/python/*
add_files "$work/fuzz_migration" "" migrations/versions/*.py fuzz/seeds/migration/*
# The queries README.md's cookbook runs.
grep -o '^\$ orm query "[^"]*"' README.md | sed 's/^\$ orm query "//; s/"$//' | add_lines "$work/fuzz_query"
add_files "$work/fuzz_query" "" fuzz/seeds/query/*
add_files "$work/fuzz_seed" '\x00' share/examples/shop/seed.json fuzz/seeds/seed/*.json
add_files "$work/fuzz_seed" '\x01' fuzz/seeds/seed/*.ndjson
# Every URL the tests and the README spell out.
grep -rhoE "(postgresql|postgres|sqlite)(\+[a-z0-9]+)?://[^\" ')\`]*" README.md tests/cli tests/engine | sort -u |
    add_lines "$work/fuzz_url"
add_files "$work/fuzz_url" "" fuzz/seeds/url/*
# The tutorial's SQLite DDL, a statement per seed.
awk 'BEGIN{RS=";"} /CREATE/ {gsub(/^[ \n]+/, ""); n++; f=sprintf("%s/stmt-%d", dir, n); printf "%s", $0 > f; close(f)}' \
    dir="$work/fuzz_sqlite_schema" <(mkdir -p "$work/fuzz_sqlite_schema"; cat tests/reference/tutorial_create_all.sqlite.sql)

status=0
for t in "${targets[@]}"; do
    bin="$build/fuzz/$t"
    [ -x "$bin" ] || { echo "fuzz: $bin is not built" >&2; exit 1; }
    findings="$build/fuzz-findings/$t"
    mkdir -p "$findings" "$work/$t.corpus"
    # CI's bound: RUNS inputs, or FUZZ_MAX_SECONDS (150) if that comes first,
    # so that a slow target (a revision file is a whole program) keeps CI
    # within its hour; the log says how many inputs ran.
    limit=(-runs="$runs" -max_total_time="${FUZZ_MAX_SECONDS:-150}")
    # A long run forks a child that starts afresh now and then: each input
    # makes a new interpreter, whose built-in types stay for the process (values
    # may outlive it), and a single process would grow past the memory limit
    # (a child that does so anyway is restarted; its input is kept as oom-*).
    [ -z "${FUZZ_SECONDS:-}" ] || limit=(-max_total_time="$FUZZ_SECONDS" -fork=1 -ignore_ooms=1)
    echo "fuzz: $t (${limit[*]}, seeds: $(ls "$work/$t" | wc -l))"
    # -timeout: one input may take 30 s (sanitizer builds are slow); -rss_limit_mb: 20,000 interpreters'
    # built-in types (about 64 KiB each, see above) and ASan's quarantine fit in 4 GiB, a runaway reader not.
    if ! ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        "$bin" "${limit[@]}" -timeout=30 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="$findings/" "$work/$t.corpus" "$work/$t" > "$work/$t.log" 2>&1; then
        echo "fuzz: $t FAILED; the input is in $findings/, the log's end:" >&2
        tail -n 60 "$work/$t.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|Done [0-9]+ runs|fuzzed for" "$work/$t.log" | tail -n 2 || true
    fi
done
exit $status
