#!/usr/bin/env bash
set -euo pipefail
# SPDX-License-Identifier: Apache-2.0
# Checks C++ changes the way CI does: the layering of includes, clang-format, clang-tidy, and that
# each header compiles alone.
#
# Usage: scripts/lint.sh [--staged | --base REF | --all] [--no-tidy]
#   (default)   files changed against HEAD in the working tree and index, plus untracked ones
#   --staged    files staged for the next commit (the pre-commit hook)
#   --base REF  files changed since REF, e.g. origin/main (CI)
#   --all       every C++ file of the project
#   --no-tidy   skip clang-tidy, the slow step
# clang-tidy reads $SWITCHBOARD_BUILD_DIR/compile_commands.json (default build/), configuring it
# when missing.

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root_dir"
build_dir="${SWITCHBOARD_BUILD_DIR:-build}"

die() {
    echo "lint: $*" >&2
    exit 2
}

mode=changed
base=""
run_tidy=true
while (($# > 0)); do
    case "$1" in
    --staged) mode=staged ;;
    --all) mode=all ;;
    --base)
        [[ $# -ge 2 ]] || die "--base needs a git revision"
        mode=base
        base="$2"
        shift
        ;;
    --no-tidy) run_tidy=false ;;
    -h | --help)
        sed -n '7,15p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done

for tool in clang-format clang-tidy g++; do
    command -v "$tool" >/dev/null || die "$tool not found; run scripts/install-deps.sh"
done

failures=()

# The layering: base/ (bottom) <- schedules/ <- config/ <- bot/ <- adapters/. A grep over the
# whole tree is cheap, so it runs in every mode. Angle brackets name the standard and vendor
# libraries; quotes name the project's own files, always by their path from the root.
include_directive='[[:space:]]*#[[:space:]]*include[[:space:]]*'
# Prints "lint: FILE:LINE: RULE: INCLUDE" for each include in FOLDERS that matches FORBIDDEN
# and not ALLOWED (an ERE on the include text; empty allows nothing); fails if there was one.
check_includes() {
    local rule="$1" forbidden="$2" allowed="$3"
    shift 3
    local folders=()
    for folder in "$@"; do [[ -d "$folder" ]] && folders+=("$folder"); done
    ((${#folders[@]} > 0)) || return 0
    local hits
    hits="$(grep -rnE --include='*.cpp' --include='*.hpp' --include='*.h' \
        "^${include_directive}${forbidden}" "${folders[@]}" || true)"
    if [[ -n "$allowed" && -n "$hits" ]]; then
        hits="$(grep -vE "^[^:]+:[0-9]+:${include_directive}${allowed}" <<<"$hits" || true)"
    fi
    [[ -n "$hits" ]] || return 0
    while IFS= read -r hit; do
        local file="${hit%%:*}" rest="${hit#*:}"
        local line="${rest%%:*}" text="${rest#*:}"
        echo "lint: $file:$line: $rule: ${text#"${text%%[![:space:]]*}"}" >&2
    done <<<"$hits"
    return 1
}
echo "lint: layering of includes"
layering_ok=true
check_includes "base/ may include only base/ and standard or vendor libraries" \
    '("|<(schedules|config|bot|adapters)/)' '"base/' base || layering_ok=false
check_includes "schedules/ may include only base/, schedules/ and standard or vendor libraries" \
    '("|<(config|bot|adapters)/)' '"(base|schedules)/' schedules || layering_ok=false
check_includes "config/ may not include bot/ or adapters/" '[<"](bot|adapters)/' '' config ||
    layering_ok=false
check_includes "bot/core, bot/ports, schedules/, config/ and base/ may not include Boost.Beast or websocketpp" \
    '[<"](boost/beast|websocketpp)' '' bot/core bot/ports schedules config base || layering_ok=false
$layering_ok || failures+=("layering (see the includes above)")

readonly source_dirs=(adapters base bench bot config schedules tests)
list_files() {
    case "$mode" in
    all) git ls-files --cached --others --exclude-standard -- "${source_dirs[@]}" ;;
    staged) git diff --cached --name-only --diff-filter=ACMR ;;
    base) git diff --name-only --diff-filter=ACMR "$base" -- ;;
    changed)
        git diff --name-only --diff-filter=ACMR HEAD -- 2>/dev/null ||
            git diff --name-only --diff-filter=ACMR --cached
        git ls-files --others --exclude-standard
        ;;
    esac
}
mapfile -t files < <(list_files | grep -E '\.(cpp|hpp)$' | sort -u |
    while read -r file; do [[ -f "$file" ]] && echo "$file"; done || true)
if ((${#files[@]} == 0)); then
    echo "lint: no changed C++ files"
    ((${#failures[@]} == 0)) && exit 0
    printf 'lint: FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
cpp_files=()
hpp_files=()
for file in "${files[@]}"; do
    case "$file" in
    *.cpp) cpp_files+=("$file") ;;
    *.hpp) hpp_files+=("$file") ;;
    esac
done

echo "lint: clang-format on ${#files[@]} file(s)"
clang-format --dry-run --Werror "${files[@]}" || failures+=("clang-format (fix: clang-format -i FILE)")

if ((${#hpp_files[@]} > 0)); then
    echo "lint: compiling ${#hpp_files[@]} header(s) alone"
    # The same definitions the top-level CMakeLists.txt gives every translation unit.
    header_flags=(-std=c++20 -fsyntax-only -Wall -Wextra -I. -DBOOST_ASIO_NO_DEPRECATED
        -DBOOST_BEAST_USE_STD_STRING_VIEW -x c++)
    log_dir="$(mktemp -d)"
    # One compiler per core: each header drags in Asio or nlohmann and takes seconds.
    export log_dir
    # shellcheck disable=SC2016 # the inner script expands its own arguments
    printf '%s\n' "${hpp_files[@]}" | xargs -P "$(nproc)" -I{} sh -c '
        header="$1"
        shift
        log="$log_dir/$(echo "$header" | tr / _).log"
        echo "lint: $header does not compile on its own (missing include?):" >"$log"
        printf "#include \"%s\"\n" "$header" | g++ "$@" - >>"$log" 2>&1 && rm -f "$log"
    ' sh {} "${header_flags[@]}" || true
    header_failed=false
    for log in "$log_dir"/*.log; do
        [[ -f "$log" ]] || continue
        head -n 21 "$log" >&2
        header_failed=true
    done
    rm -rf "$log_dir"
    $header_failed && failures+=("self-contained headers")
fi

if $run_tidy && ((${#cpp_files[@]} > 0)); then
    if [[ ! -f "$build_dir/compile_commands.json" ]]; then
        echo "lint: configuring $build_dir for its compile_commands.json"
        cmake -S . -B "$build_dir" -G Ninja >/dev/null || die "configuring $build_dir failed"
    fi
    # Files the build does not compile (yet) have no flags; clang-tidy would guess them wrongly.
    tidy_files=()
    for file in "${cpp_files[@]}"; do
        if grep -qF "\"file\": \"$root_dir/$file\"" "$build_dir/compile_commands.json"; then
            tidy_files+=("$file")
        else
            echo "lint: skipping clang-tidy on $file: not in $build_dir/compile_commands.json"
        fi
    done
    if ((${#tidy_files[@]} > 0)); then
        echo "lint: clang-tidy on ${#tidy_files[@]} file(s)"
        printf '%s\n' "${tidy_files[@]}" |
            xargs -P "$(nproc)" -n 1 clang-tidy -p "$build_dir" --quiet ||
            failures+=("clang-tidy")
    fi
fi

if ((${#failures[@]} > 0)); then
    printf 'lint: FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
echo "lint: all checks passed"
