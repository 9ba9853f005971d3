#!/usr/bin/env bash
# Creates (once) the virtual environment with the pinned template scanners, and prints its bin dir.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.work/venv"
requirements="$root/test/compliance/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin"
