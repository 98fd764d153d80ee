#!/usr/bin/env bash
# Engine benchmark: our parse + ERS97 + JSON against pyrankvote and votekit STV.
# Makes its own venv for the peers (benchmarks/.venv-peers, ignored by git); never part of tests.
#   bash benchmarks/run_engine.sh            # full run (pyrankvote takes minutes on 130k)
#   bash benchmarks/run_engine.sh --quick    # skip pyrankvote
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
py="${PYTHON:-python3.11}"
peers="$here/.venv-peers"
if [ ! -x "$peers/bin/python" ]; then
    "$py" -m venv "$peers"
    "$peers/bin/pip" install --quiet --disable-pip-version-check pyrankvote votekit
fi
cd "$root"
exec "$py" "$here/engine_bench.py" --peer-python "$peers/bin/python" "$@"
