#!/usr/bin/env bash
# Whole-process wall-time benchmark of prfaq against its peers, with hyperfine.
#
#   bash bench/peers.sh && cargo build --release -p prfaq && bash bench/run.sh
#
# Cases (each one hyperfine run with every tool, so all tools share the same
# machine state):
#   one      bench/out/one.md, one ~400-word PR/FAQ           warmup 1, at least 5 runs
#   corpus   ../shared/corpus/*.md, the real public PR/FAQs    warmup 1, at least 5 runs
#   set1000  bench/out/set1000/*.md, 1,000 generated PR/FAQs   warmup 1, 3 runs
#   real1000 bench/out/real1000/*.md, the real corpus repeated  warmup 1, 3 runs
#            to 1,000 files (the checker's speed target against GNU style, 2x, and
#            write-good, 20x; also each tool's peak memory, in real1000-memory.txt)
#   big1m    bench/out/big-1mb.md, the first 1 MB of big.md    warmup 1, 3 runs
#   big      bench/out/big.md, one 10 MB document              warmup 1, 3 runs
#
# Every tool that accepts many files gets them all in one process. The one that
# does not (pr-faq-validator's CLI takes a single -i FILE) runs once per file
# through xargs -n1. Peers too slow for a case run on a subset (named "[xN]" and
# scaled by N in the summary) or are left out of it; see docs/benchmarks.md.
#
# Environment:
#   PRFAQ=path      prfaq binary (default: target/release/prfaq)
#   CASES="..."     subset of: one corpus set1000 real1000 big1m big (default: all)
#   RUNS_SMALL=5 RUNS_LARGE=3 WARMUP=1
#
# Output: bench/out/results/<case>.{json,md} (hyperfine exports), bench/out/results/env.txt,
# and bench/out/summary.md (also printed).
set -euo pipefail

ROOT="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
cd "$ROOT"
OUT=bench/out
RES="$OUT/results"
PEERS=bench/.peers
CORPUS_DIR="$(cd "$ROOT/../shared/corpus" 2>/dev/null && pwd || true)"
PRFAQ="${PRFAQ:-target/release/prfaq}"
CASES="${CASES:-one corpus set1000 real1000 big1m big}"
RUNS_SMALL="${RUNS_SMALL:-5}"
RUNS_LARGE="${RUNS_LARGE:-3}"
WARMUP="${WARMUP:-1}"

say() { printf 'run.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 2; }

command -v hyperfine >/dev/null 2>&1 || die "hyperfine not found: run 'bash bench/peers.sh' (or apt-get install hyperfine)"
command -v python3 >/dev/null 2>&1 || die "python3 not found"

# --- inputs ----------------------------------------------------------------------
if [ ! -f "$OUT/one.md" ] || [ ! -f "$OUT/big.md" ] || [ ! -f "$OUT/big-1mb.md" ] \
   || [ "$(find "$OUT/set1000" -name '*.md' 2>/dev/null | wc -l)" -ne 1000 ]; then
  say "generating the synthetic corpus (bench/gen_corpus.py)"
  python3 bench/gen_corpus.py
fi
[ -n "$CORPUS_DIR" ] && compgen -G "$CORPUS_DIR/*.md" >/dev/null \
  || die "real corpus not found at $ROOT/../shared/corpus"
# The real corpus repeated to 1,000 files, made again when the corpus changes.
real_count=$( (find "$OUT/real1000" -name '*.md' 2>/dev/null || true) | wc -l)
if [ "$real_count" -ne 1000 ] || [ "$(cat "$OUT/real1000.source" 2>/dev/null)" != "$(ls "$CORPUS_DIR"/*.md | md5sum)" ]; then
  say "repeating the real corpus to 1,000 files in $OUT/real1000"
  rm -rf "$OUT/real1000" && mkdir -p "$OUT/real1000"
  mapfile -t real < <(ls "$CORPUS_DIR"/*.md)
  for i in $(seq 0 999); do
    src="${real[$((i % ${#real[@]}))]}"
    cp "$src" "$OUT/real1000/$(printf '%04d' "$i")-$(basename "$src")"
  done
  ls "$CORPUS_DIR"/*.md | md5sum > "$OUT/real1000.source"
fi
mkdir -p "$RES"
rm -f "$RES"/*.json "$RES"/*.md  # results describe one run only
ls "$OUT"/set1000/*.md > "$RES/set1000.list"
head -n 100 "$RES/set1000.list" > "$RES/set100.list"
ls "$CORPUS_DIR"/*.md > "$RES/corpus.list"
ls "$OUT"/real1000/*.md > "$RES/real1000.list"

# --- tools -------------------------------------------------------------------------
# Each tool is "name|executable that must exist|how to call it"; the call is completed
# with the case's files by cmd_for below.
PY="$PEERS/venv/bin/python"
NODEBIN="$PEERS/node/node_modules/.bin"
VALIDATOR="$PEERS/scorers/pr-faq-validator/pr-faq-validator"
ASSISTANT="$PEERS/scorers/pr-faq-assistant/cli.js"
PROSELINT="$PEERS/venv/bin/proselint"
# proselint 0.16 has a 'check' subcommand; older releases take the files directly.
if [ -x "$PROSELINT" ] && ! "$PROSELINT" check --help >/dev/null 2>&1; then
  PROSELINT_CHECK=""
else
  PROSELINT_CHECK=" check"
fi
TEXTSTAT_SNIPPET='import sys,textstat; [print(p, textstat.flesch_kincaid_grade(open(p, encoding="utf-8").read())) for p in sys.argv[1:]]'

have=()
check_tool() {  # name, executable
  if [ -x "$2" ] || { [ -f "$2" ] && [ "${2%.js}" != "$2" ]; } || command -v "$2" >/dev/null 2>&1; then
    have+=("$1")
  else
    case "$1" in
      prfaq) say "prfaq not found at $2: its row will read 'pending' (build it: cargo build --release -p prfaq)";;
      pr-faq-*) say "skipping $1: not installed at $2 (a PR/FAQ scorer fetched by hand; see docs/benchmarks.md)";;
      *) say "skipping $1: not installed ($2); run 'bash bench/peers.sh'";;
    esac
  fi
}
check_tool prfaq "$PRFAQ"
check_tool proselint "$PROSELINT"
check_tool write-good "$NODEBIN/write-good"
check_tool alex "$NODEBIN/alex"
check_tool diction diction
check_tool style style
if [ -x "$PY" ] && "$PY" -c 'import textstat' 2>/dev/null; then have+=(textstat); else say "skipping textstat: not installed; run 'bash bench/peers.sh'"; fi
if command -v node >/dev/null 2>&1; then check_tool pr-faq-assistant "$ASSISTANT"; else say "skipping pr-faq-assistant: node not found"; fi
check_tool pr-faq-validator "$VALIDATOR"
has() { local t; for t in "${have[@]}"; do [ "$t" = "$1" ] && return 0; done; return 1; }

# cmd_for TOOL FILES... -> prints the command line (hyperfine -N splits it like a shell)
cmd_for() {
  local tool="$1"; shift
  local files="$*"
  case "$tool" in
    prfaq)            echo "$PRFAQ check --format json $files";;
    proselint)        echo "$PROSELINT$PROSELINT_CHECK $files";;
    write-good)       echo "$NODEBIN/write-good $files";;
    alex)             echo "$NODEBIN/alex $files";;
    diction)          echo "diction $files";;
    style)            echo "style $files";;
    textstat)         echo "$PY -c '$TEXTSTAT_SNIPPET' $files";;
    pr-faq-assistant) echo "node $ASSISTANT $files";;
    pr-faq-validator) echo "$VALIDATOR $files";;
  esac
}

# Which tools run each case, and how. Slow peers are left out of the large cases or
# run on a subset; the measurements behind these choices are in docs/benchmarks.md.
#   alex:        44 s for 1,000 docs -> 100-doc subset x10; 48 s for 1 MB -> not run on big files
#   proselint:   82 s for 10 MB (superlinear) -> 1 MB case only
#   write-good:  over 150 s for 10 MB (superlinear) -> 1 MB case only
#   diction:     30-44 s for 10 MB (about 10x its 1 MB time) -> 1 MB case only, to keep
#                the whole run near 10 minutes on 2 cores
bench_case() {  # case, runs, description
  local case="$1" runs="$2" desc="$3" files list tool cmd
  # Small cases: at least N runs (hyperfine adds runs for fast commands, up to ~3 s each).
  local count=(--runs "$runs")
  case "$case" in one|corpus) count=(--min-runs "$runs");; esac
  local args=(--warmup "$WARMUP" "${count[@]}" --ignore-failure -N --style basic
              --export-json "$RES/$case.json" --export-markdown "$RES/$case.md")
  case "$case" in
    one)     files="$OUT/one.md";;
    corpus)  files="$(tr '\n' ' ' < "$RES/corpus.list")"; list="$RES/corpus.list";;
    set1000) files="$(tr '\n' ' ' < "$RES/set1000.list")"; list="$RES/set1000.list";;
    real1000) files="$(tr '\n' ' ' < "$RES/real1000.list")"; list="$RES/real1000.list";;
    big1m)   files="$OUT/big-1mb.md";;
    big)     files="$OUT/big.md";;
  esac
  local n=0
  for tool in prfaq proselint write-good alex diction style textstat pr-faq-assistant pr-faq-validator; do
    has "$tool" || continue
    case "$case:$tool" in
      big1m:alex|big:alex|big:proselint|big:write-good|big:diction) continue;;
      set1000:alex)
        args+=(-n "alex [x10]" "$(cmd_for alex "$(tr '\n' ' ' < "$RES/set100.list")")");;
      # The speed target of this case names two peers; the rest run in set1000.
      real1000:prfaq|real1000:style|real1000:write-good) args+=(-n "$tool" "$(cmd_for "$tool" $files)");;
      real1000:*) continue;;
      corpus:pr-faq-validator|set1000:pr-faq-validator)
        args+=(-n "pr-faq-validator" "xargs -n1 -a $list $VALIDATOR");;
      *)
        args+=(-n "$tool" "$(cmd_for "$tool" $files)");;
    esac
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] || { say "case $case: no tools to run"; return; }
  # prfaq must not reject the input (exit 2): a rejected input would be timed as a fast run.
  if has prfaq; then
    local rc=0
    # shellcheck disable=SC2086
    "$PRFAQ" check --format json $files >/dev/null 2>&1 || rc=$?
    [ "$rc" -le 1 ] || say "WARNING: prfaq exited $rc on case $case (usage or input error); its time is not meaningful"
  fi
  say "case $case: $desc ($n tools, $runs runs)"
  hyperfine "${args[@]}" >&2
  if [ "$case" = real1000 ]; then
    # Peak resident memory of one run of each tool that reads all the files at once.
    : > "$RES/real1000-memory.txt"
    for tool in prfaq write-good style; do
      has "$tool" || continue
      # shellcheck disable=SC2046
      /usr/bin/time -f "$tool %M KB" -a -o "$RES/real1000-memory.txt" \
        $(cmd_for "$tool" $files) >/dev/null 2>&1 || true
    done
    cat "$RES/real1000-memory.txt" >&2
  fi
}

# --- environment record --------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "hyperfine: $(hyperfine --version)"
  has prfaq && echo "prfaq: $("$PRFAQ" --version 2>/dev/null || echo unknown) ($PRFAQ)"
  has proselint && echo "proselint: $("$PY" -m pip show proselint 2>/dev/null | sed -n 's/^Version: //p')"
  has textstat && echo "textstat: $("$PY" -m pip show textstat 2>/dev/null | sed -n 's/^Version: //p')"
  has write-good && echo "write-good: $(node -p "require('./$PEERS/node/node_modules/write-good/package.json').version")"
  has alex && echo "alex: $(node -p "require('./$PEERS/node/node_modules/alex/package.json').version")"
  has diction && echo "diction: $(dpkg-query -W -f='${Version}' diction 2>/dev/null || echo unknown)"
  has pr-faq-validator && echo "pr-faq-validator: $(cat "$PEERS/scorers/pr-faq-validator/SOURCE" 2>/dev/null || echo unknown)"
  has pr-faq-assistant && echo "pr-faq-assistant: $(cat "$PEERS/scorers/pr-faq-assistant/SOURCE" 2>/dev/null || echo unknown)"
  echo "node: $(node --version 2>/dev/null || echo none)"
  echo "corpus: $(wc -l < "$RES/corpus.list") files, $(cat "$CORPUS_DIR"/*.md | wc -c) bytes"
  echo "real1000: $(cat "$OUT"/real1000/*.md | wc -c) bytes"
  echo "set1000: $(cat "$OUT"/set1000/*.md | wc -c) bytes; big.md: $(wc -c < "$OUT/big.md") bytes; big-1mb.md: $(wc -c < "$OUT/big-1mb.md") bytes"
} > "$RES/env.txt"
cat "$RES/env.txt" >&2

start=$(date +%s)
for c in $CASES; do
  case "$c" in
    one)     bench_case one "$RUNS_SMALL" "one document";;
    corpus)  bench_case corpus "$RUNS_SMALL" "the real corpus";;
    set1000) bench_case set1000 "$RUNS_LARGE" "1,000 generated documents";;
    real1000) bench_case real1000 "$RUNS_LARGE" "the real corpus repeated to 1,000 documents";;
    big1m)   bench_case big1m "$RUNS_LARGE" "one 1 MB document";;
    big)     bench_case big "$RUNS_LARGE" "one 10 MB document";;
    *) die "unknown case '$c' (one corpus set1000 real1000 big1m big)";;
  esac
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); wall $(( $(date +%s) - start )) s" >> "$RES/env.txt"
tail -1 "$RES/env.txt" >&2

python3 bench/summarize.py "$RES"
