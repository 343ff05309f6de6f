#!/usr/bin/env bash
# Install the peer tools that bench/run.sh compares prfaq against.
#
# Everything goes under bench/.peers/ (gitignored) except GNU diction/style,
# which comes from the Debian package. Only the package registries are used
# (PyPI through pip, npm, apt). Idempotent: anything already installed is skipped.
#
# The two PR/FAQ scorers listed in ../shared/PEERS.md (pr-faq-validator,
# pr-faq-assistant) are not installed here: they are not on any registry.
# See docs/benchmarks.md for how they were brought in and why no recipe is
# committed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="$ROOT/bench/.peers"
VENV="$PEERS/venv"
NODE="$PEERS/node"
mkdir -p "$PEERS"

say() { printf 'peers: %s\n' "$*" >&2; }
failed=()

# --- Python peers: proselint, textstat==0.7.3 -------------------------------
PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null 2>&1; then
  say "python3 not found; skipping proselint and textstat"
  failed+=(proselint textstat)
else
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating venv $VENV"
    "$PY" -m venv "$VENV"
  fi
  if "$VENV/bin/python" -c 'import proselint' 2>/dev/null; then
    say "proselint already installed ($("$VENV/bin/python" -m pip show proselint 2>/dev/null | sed -n 's/^Version: //p'))"
  else
    say "installing proselint from PyPI"
    "$VENV/bin/python" -m pip install --quiet proselint || failed+=(proselint)
  fi
  if [ "$("$VENV/bin/python" -m pip show textstat 2>/dev/null | sed -n 's/^Version: //p')" = "0.7.3" ]; then
    say "textstat 0.7.3 already installed"
  else
    # Newer textstat versions download a dictionary at run time; 0.7.3 does not.
    say "installing textstat==0.7.3 from PyPI"
    "$VENV/bin/python" -m pip install --quiet 'textstat==0.7.3' || failed+=(textstat)
  fi
fi

# --- npm peers: write-good, alex ---------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
  say "npm not found; skipping write-good and alex"
  failed+=(write-good alex)
else
  need=()
  [ -x "$NODE/node_modules/.bin/write-good" ] || need+=(write-good)
  [ -x "$NODE/node_modules/.bin/alex" ] || need+=(alex)
  if [ "${#need[@]}" -eq 0 ]; then
    say "write-good and alex already installed"
  else
    say "installing ${need[*]} from npm"
    mkdir -p "$NODE"
    npm install --silent --no-audit --no-fund --prefix "$NODE" "${need[@]}" || failed+=("${need[@]}")
  fi
fi

# --- GNU diction / style (Debian) --------------------------------------------
if command -v diction >/dev/null 2>&1 && command -v style >/dev/null 2>&1; then
  say "GNU diction and style already installed"
elif command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "installing diction (GNU diction and style) with apt-get"
  if ! { $SUDO apt-get install -y -q diction >/dev/null 2>&1 \
         || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q diction >/dev/null; }; }; then
    failed+=(diction)
  fi
else
  say "apt-get not found; install GNU diction by hand"
  failed+=(diction)
fi

# --- hyperfine (needed by run.sh) --------------------------------------------
if ! command -v hyperfine >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "installing hyperfine with apt-get"
  $SUDO apt-get install -y -q hyperfine >/dev/null 2>&1 \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q hyperfine >/dev/null; } \
    || failed+=(hyperfine)
fi

if [ "${#failed[@]}" -gt 0 ]; then
  say "NOT installed: ${failed[*]} (run.sh will skip them)"
  exit 1
fi
say "all peers installed under $PEERS"
