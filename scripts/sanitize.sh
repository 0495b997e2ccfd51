#!/usr/bin/env bash
# CI's second build: clang with AddressSanitizer, UndefinedBehaviorSanitizer
# and libFuzzer's coverage (-DORM_SANITIZE=ON -DORM_FUZZ=ON, mimalloc off),
# in BUILD_DIR (default build-sanitize). It runs
#   - the tests of the readers and of the command line under the sanitizers:
#     core (the JSON reader), python (lexer, parser, interpreter), seed,
#     query, migrate (revision files) and cli (the sanitized binary end to
#     end, both engines), less the packaging tests (test_install: cpack and
#     apt, which the main build already runs);
#   - every fuzz target for FUZZ_RUNS inputs (default 20000, scripts/fuzz.sh).
# The other layers' tests run in the main build only: the sanitized build of
# every test would not fit CI's hour on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-sanitize}
jobs=${JOBS:-2}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DORM_SANITIZE=ON -DORM_FUZZ=ON
test_layers=(core python seed query migrate cli)
targets=(orm orm_fuzz_targets)
for layer in "${test_layers[@]}"; do targets+=("orm_tests_$layer"); done
cmake --build "$build" -j"$jobs" --target "${targets[@]}"

# Leaks are not checked: the interpreter leaves reference cycles a short-lived
# process need not free. Everything else ASan and UBSan find fails the run.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
regex="^($(IFS='|'; echo "${test_layers[*]}")):"
ctest --test-dir "$build" --output-on-failure -j"$jobs" -R "$regex" -E "^cli:(cmake --install|the installed|man -M|cpack -G DEB)"
bash scripts/fuzz.sh "$build" "${FUZZ_RUNS:-20000}"
