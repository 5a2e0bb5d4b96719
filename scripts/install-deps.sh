#!/usr/bin/env bash
set -euo pipefail
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages switchboard needs, and nothing when they are all present.
#
# Usage: scripts/install-deps.sh [GROUP...]
#   build    compilers, CMake and the -dev libraries (what the Dockerfile's build stage uses)
#   test     what the test suite adds: clang (fuzzing), podman and debootstrap (the container
#            test), python3 with PyYAML (the compose.yaml test), clang-format and clang-tidy (lint),
#            prometheus (promtool checks /metrics), systemd (systemd-analyze checks the unit)
#   runtime  only the shared libraries the switchboard binary loads, tzdata, certificates, curl
# Without a group, installs build and test.  --list prints the packages instead.

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

readonly build_packages=(
    cmake ninja-build pkg-config g++ ccache
    libboost-dev libwebsocketpp-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev
    libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
    libhowardhinnant-date-dev libical-dev libssl-dev libcli11-dev libcurl4-openssl-dev
    libxml2-dev libre2-dev libutf8proc-dev libsystemd-dev
    # `cpack -G DEB` reads the binary's library dependencies with these.
    dpkg-dev file
    tzdata curl ca-certificates
)
readonly test_packages=(
    clang libclang-rt-14-dev clang-format clang-tidy
    podman debootstrap openssl python3 python3-yaml chromium prometheus systemd
)
# SQLiteCpp is a static library and Boost.Asio is header-only, so neither has a runtime package.
readonly runtime_packages=(
    libsqlite3-0 libssl3 libical3 libdate-tz3 libspdlog1.10 libfmt9 libcurl4
    libxml2 libre2-9 libutf8proc2 libsystemd0
    tzdata ca-certificates curl
)

die() {
    echo "install-deps: $*" >&2
    exit 1
}

list_only=false
groups=()
for arg in "$@"; do
    case "$arg" in
    build | test | runtime) groups+=("$arg") ;;
    --list) list_only=true ;;
    -h | --help)
        sed -n '6,11p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown group '$arg'; expected build, test or runtime" ;;
    esac
done
if ((${#groups[@]} == 0)); then
    groups=(build test)
fi

wanted=()
for group in "${groups[@]}"; do
    case "$group" in
    build) wanted+=("${build_packages[@]}") ;;
    test)
        wanted+=("${test_packages[@]}")
        command -v node >/dev/null || wanted+=(nodejs npm)
        ;;
    runtime) wanted+=("${runtime_packages[@]}") ;;
    esac
done

if $list_only; then
    printf '%s\n' "${wanted[@]}" | sort -u
    exit 0
fi

command -v dpkg-query >/dev/null ||
    die "dpkg-query not found: this script supports Debian bookworm (and derivatives) only"

# One dpkg-query call for all packages keeps the no-op run in the tens of milliseconds.
missing=()
declare -A installed=()
while read -r name status; do
    [[ "$status" == "installed" ]] && installed["${name%%:*}"]=1
done < <(dpkg-query -W -f='${binary:Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null || true)
for package in "${wanted[@]}"; do
    [[ -n "${installed[$package]:-}" ]] || missing+=("$package")
done

# Test-only JavaScript: the vendors' official clients that check the contract fakes, pinned by
# tests/js/package-lock.json. `npm ci` runs only when the lockfile is newer than the install.
install_js() {
    local dir="$root_dir/tests/js"
    [[ -f "$dir/package-lock.json" ]] || return 0
    if [[ -f "$dir/node_modules/.package-lock.json" &&
        "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]]; then
        return 0
    fi
    command -v npm >/dev/null || die "npm not found after installing nodejs"
    echo "install-deps: installing the test-only npm packages in tests/js (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) ||
        die "npm ci failed in $dir; check the network and the npm registry"
}

# Debian bookworm's nodejs is 18; some pinned clients ask for a newer one. Their tests skip
# with this reason rather than fail, and the rest of the suite runs on 18.
report_js_engines() {
    local dir="$root_dir/tests/js" refused
    [[ -d "$dir/node_modules" ]] || return 0
    refused="$(node "$dir/engines.mjs" 2>/dev/null)" || return 0
    [[ -n "$refused" ]] || return 0
    echo "install-deps: Node.js $(node --version) is older than these test clients need:"
    sed 's/^/install-deps:   /' <<<"$refused"
    echo "install-deps: their tests will be skipped; install Node.js 20 or newer to run them"
}
wants_js=false
for group in "${groups[@]}"; do
    [[ "$group" == "test" ]] && wants_js=true
done

if ((${#missing[@]} == 0)); then
    if $wants_js; then install_js && report_js_engines; fi
    exit 0
fi

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"

sudo=()
if ((EUID != 0)); then
    command -v sudo >/dev/null ||
        die "need root to install ${missing[*]}; run as root or install sudo"
    # -n fails at once instead of hanging on a password prompt when there is no terminal.
    if [[ -t 0 ]]; then sudo=(sudo); else sudo=(sudo -n); fi
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
    die "apt-get update failed; check the network and /etc/apt/sources.list*"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    die "apt-get install failed for: ${missing[*]}"
if $wants_js; then install_js && report_js_engines; fi
