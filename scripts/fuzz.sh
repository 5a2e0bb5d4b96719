#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets with clang, replays each target's corpus, then fuzzes each briefly.
#
# Usage: scripts/fuzz.sh [SECONDS]
#   SECONDS  how long to fuzz each target after the replay (default 20)
#
# For every tests/fuzz/<area>_fuzz.cpp that could be built, the script first runs every input in
# tests/fuzz/corpus/<area>/ (or <area>s/) once: inputs that once crashed stay there as regression
# tests. It then fuzzes for SECONDS with that corpus as seeds. New coverage goes to a temporary
# directory and is thrown away; a crashing input is copied into the corpus directory, and the
# script exits 1. Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (default 2),
# CXX (default clang++-14, else clang++).
set -euo pipefail

seconds=${1:-20}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
    echo "usage: scripts/fuzz.sh [SECONDS]  (SECONDS: a whole number of seconds, at least 1)" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${FUZZ_JOBS:-2}

if [[ -z ${CXX:-} ]]; then
    if command -v clang++-14 >/dev/null; then
        CXX=clang++-14
    elif command -v clang++ >/dev/null; then
        CXX=clang++
    else
        echo "fuzz.sh: clang++ not found; install clang and libclang-rt-14-dev" >&2
        exit 2
    fi
fi
export CXX

# Every library in this build is instrumented too, so the fuzzer sees coverage inside it.
sanitize_flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
sanitize_flags+=" -fno-omit-frame-pointer -g"

work=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== configuring $build with $CXX"
cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="$sanitize_flags" \
    -DSWITCHBOARD_FUZZ=ON -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF \
    >"$work/configure.log" 2>&1 || {
    cat "$work/configure.log" >&2
    echo "fuzz.sh: configure failed" >&2
    exit 1
}
grep -E "^-- Fuzz target" "$work/configure.log" || true

echo "== building fuzz targets"
cmake --build "$build" --target fuzz_targets -j"$jobs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

failed=0
summary=()
shopt -s nullglob
for source in "$root"/tests/fuzz/*_fuzz.cpp; do
    name=$(basename "$source" .cpp)
    area=${name%_fuzz}
    binary="$build/tests/fuzz/$name"
    if [[ ! -x $binary ]]; then
        summary+=("fuzz $name: SKIPPED (not built: its library is not in this build)")
        continue
    fi

    corpus="$root/tests/fuzz/corpus/$area"
    if [[ ! -d $corpus && -d ${corpus}s ]]; then
        corpus=${corpus}s
    fi
    mkdir -p "$corpus"
    relative_corpus=${corpus#"$root"/}
    inputs=("$corpus"/*)

    echo "== $name: replaying ${#inputs[@]} inputs from $relative_corpus"
    if ((${#inputs[@]} > 0)); then
        mkdir -p "$work/$name.replay"
        if ! "$binary" -runs=0 -artifact_prefix="$work/$name.replay/" "$corpus" \
            >"$work/$name.replay.log" 2>&1; then
            tail -n 40 "$work/$name.replay.log"
            summary+=("fuzz $name: FAILED replaying $relative_corpus (an input there still crashes)")
            failed=1
            continue
        fi
    fi

    echo "== $name: fuzzing for ${seconds}s"
    mkdir -p "$work/$name.corpus" "$work/$name.artifacts"
    # New coverage lands in the first (temporary) directory; the checked-in one only seeds.
    if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=9000 \
        -artifact_prefix="$work/$name.artifacts/" -print_final_stats=1 \
        "$work/$name.corpus" "$corpus" >"$work/$name.fuzz.log" 2>&1; then
        runs=$(grep -Eo "stat::number_of_executed_units: *[0-9]+" "$work/$name.fuzz.log" |
            grep -Eo "[0-9]+$" || echo "?")
        summary+=("fuzz $name: PASSED (replayed ${#inputs[@]} inputs, then $runs runs in ${seconds}s, no crash)")
    else
        tail -n 60 "$work/$name.fuzz.log"
        saved=()
        for artifact in "$work/$name.artifacts"/*; do
            cp "$artifact" "$corpus/"
            saved+=("$relative_corpus/$(basename "$artifact")")
        done
        summary+=("fuzz $name: FAILED, input kept in ${saved[*]:-(none written)}; reproduce with $binary <file>")
        failed=1
    fi
done

echo
for line in "${summary[@]}"; do
    echo "$line"
done
if ((${#summary[@]} == 0)); then
    echo "fuzz: no fuzz targets found under tests/fuzz"
fi
if ((failed)); then
    echo "fuzz: FAILED"
    exit 1
fi
echo "fuzz: all targets passed"
