#!/usr/bin/env bash
set -euo pipefail
# SPDX-License-Identifier: Apache-2.0
# Checks switchboard.service as systemd reads it: `systemd-analyze verify` clean, and the
# hardening's exposure score at most 2.0 ("OK") offline. ExecStart is pointed at this build's
# binary, since verify insists that the command exists.
#
# Usage: tests/service/verify_unit.sh UNIT BINARY   (exit 77: skipped, with the reason)

unit="$1" binary="$2"
command -v systemd-analyze >/dev/null ||
    { echo "SKIPPED: systemd-analyze is not installed (scripts/install-deps.sh test)"; exit 77; }
work="$(mktemp -d /tmp/switchboard-unit.XXXXXX)"
trap 'rm -rf "$work"' EXIT

grep -q '^ExecStart=/usr/bin/switchboard ' "$unit" ||
    { echo "FAILED: $unit does not start /usr/bin/switchboard" >&2; exit 1; }
sed "s|^ExecStart=/usr/bin/switchboard |ExecStart=$binary |" "$unit" >"$work/switchboard.service"

# verify prints its findings and exits non-zero on errors; warnings count as failures too.
if ! output="$(systemd-analyze verify "$work/switchboard.service" 2>&1)" || [[ -n "$output" ]]; then
    echo "FAILED: systemd-analyze verify found:" >&2
    echo "$output" >&2
    exit 1
fi
echo "systemd-analyze verify: clean"

for setting in Type=notify StateDirectory=switchboard NoNewPrivileges=yes ProtectSystem=strict \
    PrivateTmp=yes User=switchboard; do
    grep -qx "$setting" "$unit" || { echo "FAILED: $unit lacks $setting" >&2; exit 1; }
done

# --threshold is on systemd's 0-100 scale; 20 is an exposure of 2.0.
if ! report="$(systemd-analyze security --offline=true --threshold=20 "$work/switchboard.service" 2>&1)"; then
    echo "$report" | tail -n 25 >&2
    echo "FAILED: the unit's exposure is above 2.0" >&2
    exit 1
fi
echo "$report" | tail -n 1
echo "PASSED"
