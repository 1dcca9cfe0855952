#!/usr/bin/env bash
# The stock Python clients of the shippers' protocols (python-logging-loki, elasticsearch-py,
# splunk-handler, graypy), pinned, in their own virtual environment: shippers-python.e2e-spec.ts
# sends through them. Installed once; a changed pin reinstalls.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${LOGSIEVE_CLIENTS_VENV:-.venv-clients}"
PINS="python-logging-loki==0.3.1 elasticsearch==9.5.1 splunk-handler==3.0.0 graypy==2.1.0"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.pins" 2>/dev/null)" != "$PINS" ]; then
  echo "[clients] installing $PINS into $VENV" >&2
  python3 -m venv "$VENV"
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install --quiet --disable-pip-version-check $PINS >&2
  echo "$PINS" > "$VENV/.pins"
fi
