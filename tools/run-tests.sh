#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian machine, then the checks and the suite itself:
# system tools (Java for HermiT, Graphviz, headless Chromium, CJK fonts), a virtualenv, the package with its
# test extras pinned by constraints.txt (the lock: tools/freeze-constraints.py writes it), ruff and mypy on src/,
# the drift check of the generated data (python -m policykg.curation --check), then pytest. .ci/run calls exactly
# this (the full suite). Extra arguments go to pytest: `bash tools/run-tests.sh -m "not slow"` is the fast subset
# (under a minute on an idle 2-core machine; the inner loop while editing is `.venv/bin/python -m pytest -m "not slow"`).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
{ command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } || need+=(fonts-noto-cjk)
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing system packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -c constraints.txt '.[test,pdf]'
.venv/bin/ruff check src
.venv/bin/mypy
.venv/bin/python tools/freeze-constraints.py --check >/dev/null || echo "note: constraints.txt differs from this venv"
.venv/bin/python -m policykg.curation --check --root .  # generated data/ and ontology/ files match data/curation/
# one pytest worker per CPU (pytest-xdist): the full suite is ~20 min on one core of a 2-core machine
exec .venv/bin/python -m pytest -q -n auto "$@"
