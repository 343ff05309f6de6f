#!/usr/bin/env bash
# Customer evidence, the pure parts (crates/prfaq_evidence): streaming import, themes
# and claim suggestions, on generated feedback.
#
#   bash bench/evidence.sh
#
# Builds the release example evidence_bench, writes a Zendesk-shaped CSV of ROWS
# generated comments (default 1,000,000, about 150 MB) to bench/out/evidence/ once,
# then runs, each under /usr/bin/time for the peak resident memory:
#   parse FILE                 stream every row to a record with its content key
#   themes COMMENTS            themes of COMMENTS generated comments (10 planted themes)
#   themes COMMENTS NOISE      the same with NOISE long-tail noise words a comment
#                              (a vocabulary of real feedback's size)
#   suggest COMMENTS DOC       claims of DOC and the 5 best comments for each, 30 runs
# Targets: themes for 100,000 comments under 60 s; suggestions for a whole PR/FAQ
# against 100,000 comments under 300 ms.
#
# Then the store (PARTS=store runs only this): a release `prfaq serve` on a fresh SQLite
# file, a token made through the sign-up pages, and `prfaq evidence import` of the same
# CSV through HTTP (parse, customers, items and the FTS5 index, in batches of 50,000 rows
# a transaction): rows/s and the server's peak memory; `sqlite3 .import` of the same file
# into a plain table for comparison; SEARCHES searches of two words drawn from the
# generator's vocabulary (curl's total time, so HTTP included) for the p50/p95; claim
# suggestions for DOC; then the same on PostgreSQL when PRFAQ_BENCH_POSTGRES_URL names
# an empty database (for example postgres://postgres@127.0.0.1:5432/bench). The direct
# part leaves that database full, so when both parts run, the store part needs an empty
# database of its own: PRFAQ_BENCH_POSTGRES_STORE_URL.
#
# Environment: ROWS=1000000 COMMENTS=100000 NOISE=8 PARTS="pure direct store" SEARCHES=200
#   DOC=crates/prfaq_evidence/tests/fixtures/refunds.md
# Output: the figures on standard output and in bench/out/evidence/results.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${ROWS:-1000000}
COMMENTS=${COMMENTS:-100000}
NOISE=${NOISE:-8}
DOC=${DOC:-crates/prfaq_evidence/tests/fixtures/refunds.md}
PARTS=${PARTS:-pure direct store}
SEARCHES=${SEARCHES:-200}
OUT=bench/out/evidence
PG_DIRECT=${PRFAQ_BENCH_POSTGRES_URL:-}
PG_STORE=${PRFAQ_BENCH_POSTGRES_STORE_URL:-$PG_DIRECT}
if [[ -n "$PG_STORE" && "$PG_STORE" == "$PG_DIRECT" && " $PARTS " == *" direct "* && " $PARTS " == *" store "* ]]; then
  echo "evidence.sh: the direct part fills $PG_DIRECT and the store part needs an empty database: set PRFAQ_BENCH_POSTGRES_STORE_URL to another empty one, or run PARTS=direct and PARTS=store apart" >&2
  exit 2
fi
mkdir -p "$OUT"
cargo build --release -p prfaq_evidence --example evidence_bench
BIN=target/release/examples/evidence_bench
CSV="$OUT/feedback-$ROWS.csv"
if [[ ! -s "$CSV" ]]; then
  "$BIN" csv "$CSV" "$ROWS"
fi
TIME=(/usr/bin/time -f "  wall_s=%e max_rss_kb=%M")
if [[ " $PARTS " == *" pure "* ]]; then
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -sr)"
  "${TIME[@]}" "$BIN" parse "$CSV" 2>&1
  "${TIME[@]}" "$BIN" themes "$COMMENTS" 2>&1
  "${TIME[@]}" "$BIN" themes "$COMMENTS" "$NOISE" 2>&1
  "${TIME[@]}" "$BIN" suggest "$COMMENTS" "$DOC" 2>&1
  "${TIME[@]}" "$BIN" suggest "$COMMENTS" examples/quick-reorder.md 2>&1
} | tee "$OUT/results.txt"
fi

# The store without the web server (PARTS=direct runs only this): the release example
# evidence_store of crates/prfaq_store imports the CSV into a fresh SQLite file (and
# PostgreSQL database when PRFAQ_BENCH_POSTGRES_URL names an empty one) in batches of
# 50,000 records, one transaction each, then runs SEARCHES two-word searches and the
# claim suggestions for DOC and examples/quick-reorder.md; each line gives wall and CPU
# time (the process's own threads, which include SQLite's work but not PostgreSQL's).
if [[ " $PARTS " == *" direct "* ]]; then
  cargo build --release -p prfaq_store --example evidence_store
  STORE=target/release/examples/evidence_store
  direct_bench() {
    "${TIME[@]}" "$STORE" import "$1" "$CSV" 2>&1
    "$STORE" search "$1" "$SEARCHES"
    "$STORE" suggest "$1" "$DOC"
    "$STORE" suggest "$1" examples/quick-reorder.md
  }
  {
    echo "# direct $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -sr), rows=$ROWS"
    echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -f "$OUT"/direct.db*
    direct_bench "$OUT/direct.db"
    # The same file into a plain table by the sqlite3 shell, in the same run.
    rm -f "$OUT/direct-plain.db"
    "${TIME[@]}" sqlite3 "$OUT/direct-plain.db" ".mode csv" ".import $CSV feedback" \
      "SELECT 'sqlite3 .import rows=' || COUNT(*) FROM feedback" 2>&1
    echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)"
    if [[ -n "$PG_DIRECT" ]]; then
      direct_bench "$PG_DIRECT"
    fi
  } | tee "$OUT/direct-results.txt"
fi

if [[ " $PARTS " != *" store "* ]]; then
  exit 0
fi
cargo build --release -p prfaq
PRFAQ=$PWD/target/release/prfaq

# Signs up the first account of the server at $1 and prints a write token.
token_for() {
  local base=$1 jar csrf
  jar=$(mktemp)
  csrf=$(curl -s -c "$jar" -b "$jar" "$base/signup" | sed -n 's/.*name="csrf-token" content="\([0-9a-f]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "name=Bench" \
    --data-urlencode "email=bench@example.com" --data-urlencode "password=correct horse battery staple" "$base/signup"
  csrf=$(curl -s -c "$jar" -b "$jar" "$base/settings/tokens" | sed -n 's/.*name="csrf-token" content="\([0-9a-f]*\)".*/\1/p' | head -1)
  curl -s -c "$jar" -b "$jar" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
    -d '{"name":"bench","scope":"write"}' "$base/api/tokens" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p'
  rm -f "$jar"
}

# One database: serve it, import the CSV, search, suggest; $1 names it, $2 is the URL.
store_bench() {
  local name=$1 database=$2 port base pid token ws doc started ended peak
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  "$PRFAQ" serve --addr "127.0.0.1:$port" --database "$database" >"$OUT/serve-$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  token=$(token_for "$base")
  export PRFAQ_SERVER=$base PRFAQ_TOKEN=$token
  started=$(date +%s.%N)
  "$PRFAQ" evidence import "$CSV" --source zendesk --format json >"$OUT/import-$name.json" || true
  ended=$(date +%s.%N)
  peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  python3 - "$name" "$started" "$ended" "$peak" "$OUT/import-$name.json" <<'PY'
import json, sys
name, start, end, peak, path = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
report = json.load(open(path))
seconds = end - start
rows = report["imported"] + report["duplicates"]
print(f"store={name} import rows={rows} imported={report['imported']} bad_rows={len(report['bad_rows'])} "
      f"seconds={seconds:.1f} rows_per_s={rows / seconds:.0f} server_peak_mib={peak / 1024:.0f}")
PY
  ws=$(curl -s -H "Authorization: Bearer $token" "$base/api/workspaces" | python3 -c 'import json,sys; print(json.load(sys.stdin)["workspaces"][0]["id"])')
  doc=$(curl -s -H "Authorization: Bearer $token" "$base/api/workspaces/$ws/documents" | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"][0]["id"])')
  python3 - "$base" "$token" "$ws" "$SEARCHES" <<'PY' >"$OUT/queries-$name.txt"
import random, sys
words = ["refund", "delivery", "late", "app", "crash", "login", "price", "checkout", "cart",
         "support", "slow", "order", "payment", "password", "search", "update", "account"]
random.seed(7)
base, token, ws, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for _ in range(n):
    a, b = random.sample(words, 2)
    print(f"{base}/api/workspaces/{ws}/evidence/search?q={a}%20{b}&limit=20")
PY
  while read -r url; do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url"
  done <"$OUT/queries-$name.txt" | sort -n | awk -v name="$name" '{t[NR]=$1} END {printf "store=%s search n=%d p50_ms=%.1f p95_ms=%.1f max_ms=%.1f\n", name, NR, t[int(NR*0.5)]*1000, t[int(NR*0.95)]*1000, t[NR]*1000}'
  curl -s -o /dev/null -w "store=$name suggestions(whole PR/FAQ, HTTP included) ms=%{time_total}\n" \
    -H "Authorization: Bearer $token" "$base/api/documents/$doc/evidence/suggestions"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

{
  echo "# store $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -sr), rows=$ROWS"
  rm -f "$OUT"/store.db* "$OUT"/plain.db
  store_bench sqlite "$OUT/store.db"
  echo "  sqlite_file_mib=$(du -m "$OUT/store.db" | cut -f1)"
  started=$(date +%s.%N)
  sqlite3 "$OUT/plain.db" ".mode csv" ".import $CSV feedback"
  ended=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'sqlite3 .import rows={sys.argv[3]} seconds={s:.1f} rows_per_s={int(sys.argv[3])/s:.0f} (a plain table, no index)')" "$started" "$ended" "$ROWS"
  if [[ -n "$PG_STORE" ]]; then
    store_bench postgres "$PG_STORE"
  fi
} | tee "$OUT/store-results.txt"
