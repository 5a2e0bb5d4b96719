#!/usr/bin/env bash
set -euo pipefail
# SPDX-License-Identifier: Apache-2.0
# One entry point for working on switchboard: installs what is missing, builds, runs or tests.
#
# Usage: scripts/dev.sh run [ARGS...]   build, then start the bot on config/switchboard.jsonc
#                                       with its state in ./var (ARGS go to `switchboard run`)
#        scripts/dev.sh test [ARGS...]  build, then run the whole test suite (ARGS go to ctest)
#        scripts/dev.sh build           install what is missing and build
# Environment: CI (set: warnings are errors), SWITCHBOARD_BUILD_DIR (default: build),
#              SWITCHBOARD_TEST_TIMEOUT (seconds per test without its own limit, default 300),
#              SWITCHBOARD_DEMO_SECRET (signing secret of the "demo" webhook source).

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root_dir"

build_dir="${SWITCHBOARD_BUILD_DIR:-build}"
# Shared with every other build on this machine; the environment variable leaves the user's
# ccache.conf alone.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
# Without the build directory in the hash, a clone elsewhere (CI) reuses this machine's cache;
# the price is that a cached object's debug info may name another checkout's build directory.
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"

die() {
    echo "dev.sh: $*" >&2
    exit 1
}

usage() {
    sed -n '6,12p' "$0" | sed 's/^# \{0,1\}//'
}

# Arguments: the install-deps groups, then optionally -- and the targets to build.
configure_and_build() {
    local groups=() targets=()
    while (($# > 0)) && [[ "$1" != "--" ]]; do
        groups+=("$1")
        shift
    done
    (($# > 0)) && shift
    targets=("$@")
    scripts/install-deps.sh "${groups[@]}"
    local cmake_args=(-S . -B "$build_dir" -G Ninja)
    if [[ -n "${CI:-}" ]]; then
        cmake_args+=(-DSWITCHBOARD_WERROR=ON)
    fi
    if [[ -f "$build_dir/CMakeCache.txt" ]] &&
        ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$build_dir/CMakeCache.txt"; then
        die "$build_dir was configured with another generator; remove it or set SWITCHBOARD_BUILD_DIR"
    fi
    cmake "${cmake_args[@]}" >/dev/null ||
        die "configuring $build_dir failed (see the CMake messages above)"
    local target_args=()
    ((${#targets[@]} > 0)) && target_args=(--target "${targets[@]}")
    cmake --build "$build_dir" -j "$(nproc)" "${target_args[@]}" ||
        die "the build in $build_dir failed"
}

has_option() {
    local name="$1" arg
    shift
    for arg in "$@"; do
        [[ "$arg" == "$name" || "$arg" == "$name="* ]] && return 0
    done
    return 1
}

ensure_demo_secret() {
    if [[ -n "${SWITCHBOARD_DEMO_SECRET:-}" ]]; then
        return
    fi
    local secret_file=var/demo-secret
    if [[ ! -s "$secret_file" ]]; then
        mkdir -p var
        # umask in a subshell keeps the secret unreadable to others from its first byte.
        (
            umask 077
            od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$secret_file"
        )
        chmod 600 "$secret_file"
        echo "dev.sh: created the demo webhook's signing secret in $secret_file"
    fi
    SWITCHBOARD_DEMO_SECRET="$(<"$secret_file")"
    export SWITCHBOARD_DEMO_SECRET
    cat <<'EOF'
dev.sh: post a signed test mention to the demo source from another terminal:
  body='{"id":"1","platform":"x","author":"@a","text":"hello","url":"https://x.com/a/1","created_at":"2026-11-20T10:00:00Z"}'
  sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$(cat var/demo-secret)" | sed 's/^.* //')
  curl -i -H 'Content-Type: application/json' -H "X-Switchboard-Signature: sha256=$sig" \
       --data "$body" http://127.0.0.1:8080/hooks/demo
EOF
}

command="${1:-}"
[[ $# -gt 0 ]] && shift
case "$command" in
run)
    # The daemon alone: a newcomer should not wait for the test suite to compile.
    configure_and_build build -- switchboard
    binary=""
    for candidate in "$build_dir/switchboard" "$build_dir/bot/switchboard"; do
        [[ -x "$candidate" ]] && binary="$candidate" && break
    done
    [[ -n "$binary" ]] ||
        die "no switchboard binary in $build_dir; is the switchboard target defined in bot/?"
    ensure_demo_secret
    args=("$@")
    has_option --config "$@" || args+=(--config config/switchboard.jsonc)
    has_option --state-dir "$@" || args+=(--state-dir var)
    exec "$binary" run "${args[@]}"
    ;;
test)
    configure_and_build build test
    # ctest comes last so its summary line is the last thing printed.
    exec ctest --test-dir "$build_dir" --output-on-failure -j2 \
        --timeout "${SWITCHBOARD_TEST_TIMEOUT:-300}" "$@"
    ;;
build)
    configure_and_build build
    ;;
-h | --help | help)
    usage
    ;;
*)
    usage >&2
    die "unknown command '${command}'; expected run, test or build"
    ;;
esac
