#!/usr/bin/env bash
# A real SMTP server for the alert email tests: aiosmtpd from PyPI (hash
# pinned, with its dependencies) in a virtual environment. The tests start
# and stop it themselves; this script only installs it and prints the
# Python to run it with.
#   aiosmtpd.sh python   install if needed; print the venv's python path
set -euo pipefail
VENV=${SAKSHYA_SMTP_VENV:-/var/tmp/sakshya-smtp-venv}
cmd=${1:?python}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
  python3 -m venv "$VENV"
  req=$(mktemp)
  cat > "$req" <<'REQ'
aiosmtpd==1.4.6 --hash=sha256:72c99179ba5aa9ae0abbda6994668239b64a5ce054471955fe75f581d2592475
atpublic==9.0.0 --hash=sha256:449c3c4f0c74df79749d6fe225ba55e2a2fce34b303f0329211e4d6989ed6f6e
attrs==26.1.0 --hash=sha256:c647aa4a12dfbad9333ca4e71fe62ddc36f4e63b2d260a37a8b83d2f043ac309
REQ
  "$VENV/bin/pip" install -q --require-hashes -r "$req" >&2
  rm -f "$req"
fi
case "$cmd" in
python) echo "$VENV/bin/python" ;;
*) echo "usage: aiosmtpd.sh python" >&2; exit 2 ;;
esac
