#!/usr/bin/env bash
set -euo pipefail
# SPDX-License-Identifier: Apache-2.0
# Runs Socket Mode tests with the Slack fake serving wss:// only, under a certificate made for
# this run and trusted through SSL_CERT_FILE, so the adapter's TLS path (SNI, verification of
# the certificate and of the host name) is what carries the events.
#
# Usage: run_over_tls.sh SLACK_TESTS_BINARY [GTEST_FILTER]
binary="$1"
filter="${2:-SlackEndToEnd.ClaimByCommandInTheChannel:SlackEndToEnd.ReconnectInTheMiddleOfABurstLosesNothingAndDoublesNothing}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
export SLACK_FAKE_TLS_CERT="$dir/cert.pem" SLACK_FAKE_TLS_KEY="$dir/key.pem"
export SSL_CERT_FILE="$dir/cert.pem"
"$binary" --gtest_filter="$filter"
