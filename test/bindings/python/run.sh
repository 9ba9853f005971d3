#!/usr/bin/env bash
# Python smoke test of the built wheel (dist/python, from `npx projen package:python`): a venv under
# .work/ with the pinned CDK from requirements.txt and the wheel, then smoke_test.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/.work/bindings/python-venv"

"$root/test/bindings/check-pinned-versions.sh"
wheels=("$root"/dist/python/*.whl)
[ -f "${wheels[0]}" ] || { echo "no wheel in dist/python: run 'npx projen package:python' first" >&2; exit 1; }

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip() { "$venv/bin/python" -m pip -q --disable-pip-version-check "$@"; }
pip install -r "$here/requirements.txt" "${wheels[0]}"
# Every build is version 0.0.0: replace the installed copy with this build's wheel.
pip install --no-deps --force-reinstall "${wheels[0]}"

cd "$here"
exec "$venv/bin/python" smoke_test.py
