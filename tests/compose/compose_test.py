#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""compose.yaml agrees with the image and the config it mounts.

Checks that the state volume is the image's VOLUME, that every secret the mounted config reads
as {"file": "/run/secrets/<name>"} is a compose secret of the service (and no secret is unused),
that the health check asks an endpoint of the daemon, that the published port is the one the
config listens on, and then runs the real binary on the mounted config with the secret files in
a temporary directory: check-config passes and /readyz answers 200.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

source_dir, binary = sys.argv[1], sys.argv[2]
failures = []


def fail(message):
    failures.append(message)
    print("compose_test: " + message, file=sys.stderr)


def strip_comments(text):
    # JSON with comments: drop // comments outside strings.
    out, in_string, i = [], False, 0
    while i < len(text):
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


with open(os.path.join(source_dir, "compose.yaml")) as f:
    compose = yaml.safe_load(f)
with open(os.path.join(source_dir, "Dockerfile")) as f:
    dockerfile = f.read()

service = compose["services"]["switchboard"]
image_volume = re.search(r"^VOLUME (\S+)", dockerfile, re.M).group(1)
mounts = {m.split(":")[1]: m.split(":")[0] for m in service.get("volumes", [])}
if image_volume not in mounts:
    fail(f"no volume is mounted at the image's state directory {image_volume}")
elif mounts[image_volume] not in compose.get("volumes", {}):
    fail(f"the state volume {mounts[image_volume]} is not declared under volumes:")

config_target = "/etc/switchboard/switchboard.jsonc"
if config_target not in mounts:
    fail(f"compose.yaml mounts no config at {config_target}")
    sys.exit(1)
config_path = os.path.join(source_dir, mounts[config_target].removeprefix("./"))
with open(config_path) as f:
    config = json.loads(strip_comments(f.read()))

read_secrets = set(re.findall(r'"file":\s*"/run/secrets/([^"]+)"', open(config_path).read()))
service_secrets = set(service.get("secrets", []))
declared = compose.get("secrets", {})
if read_secrets != service_secrets:
    fail(f"the config reads secrets {sorted(read_secrets)}, the service has {sorted(service_secrets)}")
for name in service_secrets:
    if name not in declared or "file" not in declared[name]:
        fail(f"secret {name} is not declared with a file under secrets:")

health = " ".join(service["healthcheck"]["test"])
if not re.search(r"http://127\.0\.0\.1:8080/(healthz|readyz)\b", health):
    fail(f"the health check '{health}' asks no endpoint of the daemon on 8080")
listen_port = config["listen"].rsplit(":", 1)[1]
published = [p.rsplit(":", 1)[1] for p in service.get("ports", [])]
if listen_port not in published:
    fail(f"the config listens on {listen_port}, compose publishes {published}")

# The mounted config runs: secrets from files in a stand-in for /run/secrets.
with tempfile.TemporaryDirectory() as work:
    text = open(config_path).read().replace("/run/secrets/", work + "/secrets/")
    text = text.replace(config["listen"], "127.0.0.1:0")
    os.makedirs(work + "/secrets")
    for name in service_secrets:
        with open(f"{work}/secrets/{name}", "w") as f:
            f.write("compose-test-secret-" + name + "\n")
    local = work + "/switchboard.jsonc"
    with open(local, "w") as f:
        f.write(text)
    check = subprocess.run([binary, "check-config", "--config", local], capture_output=True, text=True)
    if check.returncode != 0:
        fail("check-config refuses the mounted config:\n" + check.stdout + check.stderr)
    daemon = subprocess.Popen(
        [binary, "run", "--no-stdin", "--config", local, "--state-dir", work + "/state"],
        stderr=subprocess.PIPE, text=True)
    port = None
    deadline = time.time() + 20
    log = ""
    while time.time() < deadline and port is None:
        line = daemon.stderr.readline()
        if not line:
            break
        log += line
        found = re.search(r"listening on http://[^:]+:(\d+)", line)
        if found:
            port = found.group(1)
    if port is None:
        fail("the daemon did not start on the mounted config:\n" + log)
    else:
        path = re.search(r"/(healthz|readyz)\b", health).group(0)
        status = None
        for _ in range(50):
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).status
                break
            except Exception:
                time.sleep(0.2)
        if status != 200:
            fail(f"{path} answered {status} on the mounted config")
    daemon.send_signal(signal.SIGTERM)
    daemon.wait(timeout=20)

sys.exit(1 if failures else 0)
