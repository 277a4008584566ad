#!/usr/bin/env bash
# Fuzzes the running API with schemathesis (PyPI) from its own OpenAPI
# document, logged in as each role of the demo, and fails on any 5xx, any
# response that does not match the schema, any error the server logs, and
# any password, TOTP secret or token of the run found in the server's log.
#
#   tests/support/schemathesis.sh SAKSHYA_BINARY SECONDS_PER_ROLE
#
# Starts `sakshya serve` on SQLite with the demo data in a fresh temporary
# directory on a free port of 127.0.0.1, and stops it afterwards.
set -euo pipefail

bin=${1:?usage: schemathesis.sh SAKSHYA_BINARY SECONDS_PER_ROLE}
seconds=${2:-60}
venv=${SAKSHYA_FUZZ_VENV:-/var/tmp/sakshya-fuzz-venv}
version=4.32.5

if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$version"
fi

dir=$(mktemp -d /tmp/sakshya-fuzz.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export SAKSHYA_DATA_DIR="$dir" SAKSHYA_DATABASE_URL="sqlite://$dir/sakshya.db" \
  SAKSHYA_BIND="127.0.0.1:$port" SAKSHYA_LOG_FORMAT=json SAKSHYA_DEMO_FOOTAGE_MINUTES=4 \
  SAKSHYA_LOGIN_PER_MINUTE=100000 SAKSHYA_VERIFY_PER_MINUTE=100000 SAKSHYA_LOGIN_MAX_FAILURES=0 \
  SAKSHYA_RECORDER_TIMEOUT_SECS=1 SAKSHYA_RECORDER_CHECK_SECS=0
"$bin" migrate >/dev/null
"$bin" demo >/dev/null
"$bin" serve >"$dir/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done

# An access token for a demo user (TOTP computed here for MFA roles).
token() {
  "$venv/bin/python" - "$dir/demo-credentials.json" "$1" "$base" <<'PY'
import base64, hashlib, hmac, json, struct, sys, time, urllib.request
creds = {c["username"]: c for c in json.load(open(sys.argv[1]))}
c, base = creds[sys.argv[2]], sys.argv[3]
body = {"username": c["username"], "password": c["password"]}
if c.get("totp_secret"):
    key = base64.b32decode(c["totp_secret"] + "=" * (-len(c["totp_secret"]) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    o = mac[-1] & 15
    body["totp"] = "%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)
req = urllib.request.Request(base + "/api/v1/auth/login", json.dumps(body).encode(),
                             {"content-type": "application/json"})
print(json.load(urllib.request.urlopen(req))["access_token"])
PY
}

status=0
: >"$dir/tokens"
for user in investigator supervisor operator admin court auditor; do
  echo "=== schemathesis as $user (${seconds}s)"
  t=$(token "$user")
  echo "$t" >>"$dir/tokens"
  # Logging out would end the session the rest of the run uses.
  # Run from the temporary directory: schemathesis keeps a cache in the
  # working directory.
  if ! (cd "$dir" && "$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
      --header "Authorization: Bearer $t" \
      --checks not_a_server_error,response_schema_conformance \
      --exclude-path /api/v1/auth/logout \
      --max-time "$seconds" --workers 1 --warnings off \
      --suppress-health-check all); then
    status=1
  fi
done
# Malformed requests the HTTP layer refuses are logged by actix as
# "stream error: request parse error"; anything else at ERROR is the
# server's own failure.
if grep '"level":"ERROR"' "$dir/serve.log" | grep -v 'request parse error' | grep -q .; then
  echo "server errors logged during fuzzing:"
  grep '"level":"ERROR"' "$dir/serve.log" | grep -v 'request parse error' | head -20
  status=1
fi
# No secret of the run may appear in the log.
"$venv/bin/python" - "$dir/demo-credentials.json" "$dir/tokens" "$dir/serve.log" <<'PY' || status=1
import json, sys
secrets = []
for c in json.load(open(sys.argv[1])):
    secrets.append(("password of " + c["username"], c["password"]))
    if c.get("totp_secret"):
        secrets.append(("TOTP secret of " + c["username"], c["totp_secret"]))
for n, t in enumerate(open(sys.argv[2]).read().split()):
    secrets.append(("access token %d" % n, t))
    secrets.append(("access token %d signature" % n, t.rsplit(".", 1)[-1]))
log = open(sys.argv[3]).read()
found = [name for name, value in secrets if value and value in log]
if found:
    print("secrets found in the server log:", ", ".join(found))
    sys.exit(1)
print("no password, TOTP secret or token in %d bytes of server log" % len(log))
PY
exit $status
