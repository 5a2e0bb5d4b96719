#!/usr/bin/env bash
set -euo pipefail
# SPDX-License-Identifier: Apache-2.0
# Builds the container image with podman and proves the binary in it serves /healthz, webhooks,
# the web page and the API. Then builds the .deb (the Dockerfile's deb stage), installs it with
# apt on a clean bookworm and starts the systemd unit's command line as the unit's user.
#
# Usage: tests/docker/docker_test.sh [SOURCE_DIR]   (exit 77 means skipped, with the reason)
#
# No container registry is reachable from the machines this runs on, so the debian:bookworm base
# is made from Debian's own packages with debootstrap and imported once.  `podman run` needs
# rlimit permissions these machines do not grant, so the image's filesystem is exported and its
# command started under chroot as the image's own user instead.

source_dir="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)"
image=switchboard:test
base_image=debian:bookworm
body='{"id":"docker-1","platform":"x","author":"@a","text":"hello","url":"https://x.com/a/1","created_at":"2026-11-20T10:00:00Z"}'

skip() {
    echo "SKIPPED: $*"
    exit 77
}
fail() {
    echo "FAILED: $*" >&2
    exit 1
}
step() {
    echo "== $(date +%T) $*"
}

((EUID == 0)) || skip "needs root: podman build with chroot isolation and chroot --userspec do"
command -v podman >/dev/null || skip "podman is not installed (scripts/install-deps.sh test)"
for tool in curl openssl python3 chroot flock; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/install-deps.sh test)"
done

# Builds on one machine share podman's storage and the image name; one at a time.
exec 9>/run/lock/switchboard-docker-test.lock
flock 9

work_dir="$(mktemp -d /tmp/switchboard-docker-test.XXXXXX)"
container=""
daemon_pid=""
deb_installed_image=switchboard:deb-installed
stop_daemon() {
    if [[ -n "$daemon_pid" ]]; then
        kill "$daemon_pid" 2>/dev/null || true
        wait "$daemon_pid" 2>/dev/null || true
    fi
    daemon_pid=""
}
remove_container() {
    if [[ -n "$container" ]]; then
        podman rm -f "$container" >/dev/null 2>&1 || true
    fi
    container=""
}
cleanup() {
    stop_daemon
    remove_container
    podman rmi -f "$deb_installed_image" >/dev/null 2>&1 || true
    rm -rf "$work_dir"
}
trap cleanup EXIT

# The first deb822 or one-line source of the suite "bookworm" is the machine's Debian mirror.
find_mirror() {
    local file
    for file in /etc/apt/sources.list.d/*.sources; do
        [[ -f "$file" ]] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
             /(^|\n)Suites:[^\n]*bookworm([ \n]|$)/ && /(^|\n)Types:[^\n]*deb([ \n]|$)/ {
                 for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) { split($i, f, " "); print f[2]; exit }
             }' "$file"
    done
    # Missing one-line files are normal on bookworm, which uses deb822 sources.
    { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
        awk '$1 == "deb" { for (i = 2; i < NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) {
                 if ($(i + 1) == "bookworm") print $i; break } }'
}

if podman image exists "$base_image"; then
    step "reusing the $base_image base image"
else
    command -v debootstrap >/dev/null ||
        skip "debootstrap is not installed and there is no $base_image image to reuse"
    mirror="$(find_mirror | sed -n 1p)"
    [[ -n "$mirror" ]] ||
        fail "no Debian bookworm mirror in /etc/apt/sources.list or /etc/apt/sources.list.d/"
    step "making $base_image with debootstrap from $mirror (about a minute, once)"
    debootstrap --variant=minbase bookworm "$work_dir/rootfs" "$mirror" \
        >"$work_dir/debootstrap.log" 2>&1 || {
        tail -n 20 "$work_dir/debootstrap.log" >&2
        fail "debootstrap of bookworm from $mirror failed (log above)"
    }
    # debootstrap writes a sources.list without updates and security; the machine's own deb822
    # sources for Debian have them, as the official debian:bookworm image does.
    for file in /etc/apt/sources.list.d/*.sources; do
        if [[ -f "$file" ]] && grep -q "^URIs:.*${mirror}" "$file"; then
            cp "$file" "$work_dir/rootfs/etc/apt/sources.list.d/"
            rm -f "$work_dir/rootfs/etc/apt/sources.list"
        fi
    done
    rm -rf "$work_dir/rootfs/var/cache/apt/archives/"*.deb "$work_dir/rootfs/var/lib/apt/lists/"*
    tar -C "$work_dir/rootfs" -c . | podman import --quiet - "$base_image" >/dev/null ||
        fail "podman import of the debootstrapped root failed"
    rm -rf "$work_dir/rootfs"
fi

common_args=(--format docker --isolation=chroot --network=host)
build_args=("${common_args[@]}" --layers)
ccache_dir=""
if command -v ccache >/dev/null; then
    ccache_dir="$(ccache --get-config cache_dir 2>/dev/null || true)"
fi
ccache_dir="${ccache_dir:-$HOME/.cache/ccache}"
mkdir -p "$ccache_dir"
# The developers' compiler cache makes a rebuild after a small change take seconds.
build_args+=(-v "$ccache_dir:/ccache")
# The image's --version names the commit, as a binary built from the checkout does.
describe="$(git -C "$source_dir" describe --tags --always --dirty 2>/dev/null || true)"
build_args+=(--build-arg "SWITCHBOARD_GIT_DESCRIBE=$describe")

old_image_id="$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
step "building $image (ccache: $ccache_dir)"
podman build "${build_args[@]}" -t "$image" "$source_dir" >"$work_dir/build.log" 2>&1 || {
    tail -n 40 "$work_dir/build.log" >&2
    fail "podman build failed (last lines above)"
}
new_image_id="$(podman image inspect --format '{{.Id}}' "$image")"
# The image this one replaces would otherwise pile up untagged after every run.
if [[ -n "$old_image_id" && "$old_image_id" != "$new_image_id" ]]; then
    podman rmi "$old_image_id" >/dev/null 2>&1 || true
fi

step "checking the image configuration"
inspect() { podman image inspect --format "$1" "$image"; }
user="$(inspect '{{.Config.User}}')"
[[ "${user%%:*}" == "switchboard" ]] || fail "image runs as '$user', expected the switchboard user"
volumes="$(inspect '{{json .Config.Volumes}}')"
[[ "$volumes" == *'"/var/lib/switchboard"'* ]] ||
    fail "image declares volumes $volumes, expected /var/lib/switchboard"
healthcheck="$(inspect '{{json .HealthCheck}}')"
[[ "$healthcheck" == *healthz* ]] ||
    fail "image has no HEALTHCHECK on /healthz (got $healthcheck); was it built with --format docker?"
command_line="$(inspect '{{json .Config.Entrypoint}} {{json .Config.Cmd}}')"
[[ "$command_line" == *0.0.0.0:8080* ]] ||
    fail "image command $command_line does not listen on 0.0.0.0:8080"

# An image's filesystem in a folder, with the device nodes a daemon opens, for chroot.
export_root() {
    local from="$1" into="$2" node name major minor
    # The container is only read from, never started; /bin/true serves images without a command.
    container="$(podman create "$from" /bin/true)" || fail "podman create of $from failed"
    mkdir -p "$into"
    podman export "$container" | tar -C "$into" -x || fail "podman export of $from failed"
    remove_container
    for node in null:1:3 zero:1:5 random:1:8 urandom:1:9; do
        IFS=: read -r name major minor <<<"$node"
        rm -f "$into/dev/$name"
        mknod -m 666 "$into/dev/$name" c "$major" "$minor"
    done
}

step "exporting the image filesystem"
root="$work_dir/root"
export_root "$image" "$root"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
secret="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
# Run exactly the image's command, moved to a free loopback port.
mapfile -t argv < <(python3 - "$image" "$port" <<'EOF'
import json, subprocess, sys
image, port = sys.argv[1], sys.argv[2]
config = json.loads(subprocess.check_output(
    ["podman", "image", "inspect", "--format", "{{json .Config}}", image]))
for arg in (config.get("Entrypoint") or []) + (config.get("Cmd") or []):
    print(arg.replace("0.0.0.0:8080", f"127.0.0.1:{port}"))
EOF
)
((${#argv[@]} > 0)) || fail "could not read the image's entrypoint and command"

step "checking the image's --version"
version="$("$(command -v chroot)" --userspec=switchboard:switchboard "$root" \
    /usr/local/bin/switchboard --version 2>&1)" || fail "switchboard --version failed: $version"
expected="switchboard $(sed -n 's/^project(switchboard VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")"
[[ -z "$describe" ]] || expected+=" ($describe)"
[[ "$version" == "$expected" ]] || fail "the image says '$version', expected '$expected'"

step "starting '${argv[*]}' as switchboard in the exported image"
# The daemon sees only the environment the image would give it, plus the demo secret.
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/switchboard \
    SWITCHBOARD_DEMO_SECRET="$secret" \
    "$(command -v chroot)" --userspec=switchboard:switchboard "$root" "${argv[@]}" \
    >"$work_dir/daemon.log" 2>&1 &
daemon_pid=$!

show_log() {
    echo "--- switchboard's output:" >&2
    tail -n 40 "$work_dir/daemon.log" >&2
}
# Sets status to the HTTP status of a path once it answers 200, or to the last one after 20 s;
# fails at once if the daemon exits meanwhile.
wait_for_200() {
    local path="$1"
    status=""
    for _ in $(seq 1 100); do
        kill -0 "$daemon_pid" 2>/dev/null || {
            show_log
            fail "switchboard exited before GET $path answered"
        }
        status="$(curl -s -o "$work_dir/probe.out" -w '%{http_code}' --max-time 2 \
            "http://127.0.0.1:$port$path" || true)"
        [[ "$status" == 200 ]] && break
        sleep 0.2
    done
}
# POST $body to /hooks/demo with the given signature header value; prints the HTTP status.
post_hook() {
    curl -s -o "$work_dir/hook.out" -w '%{http_code}' --max-time 5 \
        -H 'Content-Type: application/json' -H "X-Switchboard-Signature: $1" \
        --data-binary "$body" "http://127.0.0.1:$port/hooks/demo" || true
}
sign() {
    echo "sha256=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$1" | sed 's/^.* //')"
}
wait_for_200 /healthz
[[ "$status" == 200 ]] || {
    show_log
    fail "GET /healthz answered '$status' within 20 s, expected 200"
}
step "GET /healthz -> 200"

status="$(post_hook "$(sign "$secret")")"
[[ "$status" == 202 ]] || {
    cat "$work_dir/hook.out" >&2 2>/dev/null || true
    show_log
    fail "signed POST /hooks/demo answered '$status', expected 202"
}
step "signed POST /hooks/demo -> 202"

status="$(post_hook sha256=00)"
[[ "$status" == 4* ]] || fail "POST /hooks/demo with a wrong signature answered '$status', expected 4xx"
step "badly signed POST /hooks/demo -> $status"

# The web page's files are installed with the binary: the page and its script are served.
page="$(curl -s --max-time 5 "http://127.0.0.1:$port/web/" || true)"
[[ "$page" == *"<html"* ]] || { show_log; fail "GET /web/ did not serve the page (got: ${page:0:200})"; }
status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/api/v1/items" || true)"
[[ "$status" == 401 ]] || fail "GET /api/v1/items without a token answered '$status', expected 401"
step "GET /web/ serves the page; /api/v1 wants a token"
stop_daemon
remove_container

# ---- the Debian package ------------------------------------------------------------------------

# The same build stage, cached from the image above; only cpack runs.
deb_image=switchboard:deb
old_deb_id="$(podman image inspect --format '{{.Id}}' "$deb_image" 2>/dev/null || true)"
step "building the .deb (--target deb)"
podman build "${build_args[@]}" -t "$deb_image" --target deb "$source_dir" \
    >"$work_dir/deb-build.log" 2>&1 || {
    tail -n 40 "$work_dir/deb-build.log" >&2
    fail "podman build --target deb failed (last lines above)"
}
new_deb_id="$(podman image inspect --format '{{.Id}}' "$deb_image")"
if [[ -n "$old_deb_id" && "$old_deb_id" != "$new_deb_id" ]]; then
    podman rmi "$old_deb_id" >/dev/null 2>&1 || true
fi
mkdir -p "$work_dir/deb"
container="$(podman create "$deb_image" /bin/true)" || fail "podman create of $deb_image failed"
podman cp "$container:/deb/." "$work_dir/deb/" || fail "cannot copy /deb out of $deb_image"
remove_container
debs=("$work_dir"/deb/switchboard_*.deb)
[[ -f "${debs[0]}" ]] || fail "the deb stage made no switchboard_*.deb (found: $(ls "$work_dir/deb"))"
deb="${debs[0]}"
contents="$(dpkg-deb -c "$deb")"
for path in ./usr/bin/switchboard ./usr/lib/systemd/system/switchboard.service \
    ./usr/share/switchboard/web/index.html ./usr/share/switchboard/switchboard.jsonc \
    ./usr/share/doc/switchboard/LICENSE; do
    grep -q " $path\$" <<<"$contents" || fail "$(basename "$deb") lacks $path"
done
depends="$(dpkg-deb -f "$deb" Depends)"
[[ "$depends" == *libsqlite3-0* && "$depends" == *tzdata* ]] ||
    fail "$(basename "$deb") depends on '$depends', expected libsqlite3-0 and tzdata among them"
step "$(basename "$deb"): $(wc -l <<<"$contents") entries, depends on $depends"

step "installing $(basename "$deb") with apt on a clean $base_image"
mkdir -p "$work_dir/deb-context"
cp "$deb" "$work_dir/deb-context/switchboard.deb"
cat >"$work_dir/deb-context/Containerfile" <<'CONTAINERFILE'
FROM debian:bookworm
COPY switchboard.deb /tmp/switchboard.deb
RUN apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
       /tmp/switchboard.deb \
    && rm -rf /var/lib/apt/lists/* /tmp/switchboard.deb
CONTAINERFILE
podman build "${common_args[@]}" -t "$deb_installed_image" "$work_dir/deb-context" \
    >"$work_dir/deb-install.log" 2>&1 || {
    tail -n 40 "$work_dir/deb-install.log" >&2
    fail "apt-get install of the .deb on $base_image failed (last lines above)"
}
root="$work_dir/deb-root"
export_root "$deb_installed_image" "$root"

# What the maintainer scripts made.
# Names are the image's, not this machine's: compare numeric ids.
IFS=: read -r _ _ sb_uid sb_gid _ < <(grep '^switchboard:' "$root/etc/passwd") ||
    fail "the package made no switchboard user"
[[ "$(stat -c '%a %u' "$root/var/lib/switchboard")" == "700 $sb_uid" ]] ||
    fail "/var/lib/switchboard is $(stat -c '%a %u' "$root/var/lib/switchboard"), expected 700 $sb_uid"
[[ -f "$root/etc/switchboard/switchboard.jsonc" ]] || fail "no /etc/switchboard/switchboard.jsonc"
[[ "$(stat -c '%a %u %g' "$root/etc/switchboard/demo-webhook-secret")" == "640 0 $sb_gid" ]] ||
    fail "/etc/switchboard/demo-webhook-secret is not 640 root:switchboard"
deb_secret="$(cat "$root/etc/switchboard/demo-webhook-secret")"
[[ ${#deb_secret} -eq 64 ]] || fail "the webhook secret the package made is not 32 random bytes in hex"
step "the package made the switchboard user, /var/lib/switchboard (0700) and /etc/switchboard"

# The unit's own command line and user, as systemd would start them (with $STATE_DIRECTORY).
unit="$root/usr/lib/systemd/system/switchboard.service"
read -r -a unit_argv <<<"$(sed -n 's/^ExecStart=//p' "$unit")"
unit_user="$(sed -n 's/^User=//p' "$unit")"
unit_group="$(sed -n 's/^Group=//p' "$unit")"
state_directory="/var/lib/$(sed -n 's/^StateDirectory=//p' "$unit")"
((${#unit_argv[@]} > 0)) && [[ -n "$unit_user" ]] || fail "cannot read ExecStart= and User= of $unit"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
step "starting '${unit_argv[*]} --listen 127.0.0.1:$port' as $unit_user"
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    STATE_DIRECTORY="$state_directory" \
    "$(command -v chroot)" --userspec="$unit_user:$unit_group" "$root" "${unit_argv[@]}" \
    --listen "127.0.0.1:$port" >"$work_dir/daemon.log" 2>&1 &
daemon_pid=$!
wait_for_200 /readyz
[[ "$status" == 200 ]] || {
    cat "$work_dir/probe.out" >&2 2>/dev/null || true
    show_log
    fail "GET /readyz of the packaged switchboard answered '$status' within 20 s, expected 200"
}
[[ -f "$root$state_directory/switchboard.db" ]] ||
    fail "the packaged switchboard keeps no store in \$STATE_DIRECTORY ($state_directory)"
step "GET /readyz -> 200, the store in $state_directory"

status="$(post_hook "$(sign "$deb_secret")")"
[[ "$status" == 202 ]] || {
    show_log
    fail "a POST /hooks/demo signed with the package's secret answered '$status', expected 202"
}
page="$(curl -s --max-time 5 "http://127.0.0.1:$port/web/" || true)"
[[ "$page" == *"<html"* ]] || { show_log; fail "the packaged switchboard does not serve /web/"; }
step "signed POST /hooks/demo -> 202; /web/ served from /usr/share/switchboard/web"
echo "PASSED"
