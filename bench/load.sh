#!/usr/bin/env bash
# The workspace under mixed load (issue 8): 30 s of reads, saves and checks at 64
# connections with wrk over loopback, on SQLite and on PostgreSQL; then a check through
# the API that every acknowledged save is in the database.
#
#   bash bench/load.sh
#
# For each database: build (cargo build --release -p prfaq), start
# `target/release/prfaq serve` on a fresh SQLite file or a fresh PostgreSQL database,
# sign up, create DOCUMENTS documents of ~1,500 words, then
#   wrk -t64 -c64 -d30s --timeout 10s --latency -s bench/lib/load.lua
# (one connection per wrk thread, so each answer is matched to its request; see
# load.lua for the mix: 30% document page, 20% document JSON, 30% check, 20% save with
# its base revision; two connections share each document, so some saves are refused as
# stale with 409, which is expected). Then, for each document, the number of revisions
# must be at least 1 + the saves acknowledged with a 2xx (a save still in flight when
# wrk stopped may be stored without wrk counting it), the revision numbers must run
# 1..n, and the newest one must be the document's current revision.
# Target on the 2-core machine: zero errors (non-2xx other than 409 stale, socket errors,
# timeouts), zero lost saves, save p99 under 50 ms.
#
# Environment: DURATION=30s CONNECTIONS=64 DOCUMENTS=32 DATABASES="sqlite postgres",
# and those of bench/lib/common.sh (PRFAQ, NO_BUILD, PRFAQ_TEST_POSTGRES_URL, CI).
# Output: a table on standard output and in bench/out/load.md; wrk's output in
# bench/out/wrk/. Exits 1 when an error or a lost save was seen.
set -euo pipefail
BENCH_NAME=load.sh
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
DOCUMENTS="${DOCUMENTS:-32}"

need_tools
build
make_document
mkdir -p "$OUT"
report="$OUT/load.md"
{
  echo "| database | kind | requests | requests/s | p50 | p99 | max |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
} >"$report"
summary=()
failed=0

for db in $DATABASES; do
  database_for "$db" || continue
  server_start
  sign_up
  docs=()
  for _ in $(seq 1 "$DOCUMENTS"); do docs+=("$(create_document)"); done
  say "$db: $DOCUMENTS documents of $DOC_WORDS words on $BASE"
  export LOAD_DOCS
  LOAD_DOCS="$(IFS=,; echo "${docs[*]}")"
  export LOAD_SESSION="$SESSION" LOAD_CSRF="$CSRF"
  export LOAD_TEXT="$WORK/doc1500.text.json" LOAD_CHECK_BODY="$WORK/doc1500.check.json"

  before="$(loadavg)"
  say "$db: wrk -t$CONNECTIONS -c$CONNECTIONS -d$DURATION --timeout 10s --latency -s bench/lib/load.lua (load average $before)"
  wrk_run "load-$db" -t"$CONNECTIONS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    -s "$BENCH_LIB/load.lua" "$BASE/" >/dev/null
  after="$(loadavg)"
  out="$WORK/load-$db.wrk"
  all="$(grep '^RESULT kind=all' "$out")"
  grep '^STATUS' "$out" | sed "s/^/$db /" >&2
  grep '^ERROR_SAMPLE' "$out" >&2 || true
  for kind in all page read check save; do
    line="$(grep "^RESULT kind=$kind " "$out")"
    printf '| %s | %s | %s | %s | %s ms | %s ms | %s ms |\n' "$db" "$kind" \
      "$(field requests "$line")" "$(field rps "$line")" "$(field p50_ms "$line")" \
      "$(field p99_ms "$line")" "$(field max_ms "$line")" >>"$report"
  done

  # Every acknowledged save must be in the database, read back through the API.
  verified="$(grep '^ACKED' "$out" | while read -r _ doc count; do
    api GET "/api/documents/$doc/revisions" | python3 -c '
import json, sys
doc, acked = sys.argv[1], int(sys.argv[2])
numbers = sorted(r["number"] for r in json.load(sys.stdin)["revisions"])
n = len(numbers)
contiguous = numbers == list(range(1, n + 1))
lost = max(0, acked - (n - 1))
print(doc, acked, n - 1, lost, "ok" if contiguous else "GAPS")
' "$doc" "$count"
  done)"
  acked_total="$(printf '%s\n' "$verified" | awk '{ s += $2 } END { print s + 0 }')"
  stored_total="$(printf '%s\n' "$verified" | awk '{ s += $3 } END { print s + 0 }')"
  lost_total="$(printf '%s\n' "$verified" | awk '{ s += $4 } END { print s + 0 }')"
  gaps="$(printf '%s\n' "$verified" | grep -c GAPS || true)"
  docs_checked="$(printf '%s\n' "$verified" | grep -c . || true)"
  errors="$(field errors "$all")"
  socket="$(field socket_errors "$all")"
  timeouts="$(field timeouts "$all")"
  save_line="$(grep '^RESULT kind=save ' "$out")"
  save_p99="$(field p99_ms "$save_line")"
  line="$db: $(field requests "$all") requests, $(field rps "$all") req/s, p50 $(field p50_ms "$all") ms, p99 $(field p99_ms "$all") ms; saves p99 $save_p99 ms; errors $errors (+ $socket socket errors, $timeouts timeouts); $(field stale "$all") saves refused as stale (409, expected); $acked_total saves acknowledged, $stored_total stored, $lost_total lost, $gaps documents with gaps in $docs_checked checked; load average $before → $after"
  summary+=("$line")
  printf '%s\n' "$line"
  if [ "$errors" != "0" ] || [ "$socket" != "0" ] || [ "$timeouts" != "0" ] \
    || [ "$lost_total" != "0" ] || [ "$gaps" != "0" ] || [ "$docs_checked" != "$DOCUMENTS" ]; then
    failed=1
  fi
  verdict="$(python3 -c "print('met' if $save_p99 < 50 else 'NOT met')")"
  summary+=("$db: target zero errors / zero lost saves: $([ "$errors$socket$timeouts$lost_total$gaps" = "00000" ] && echo met || echo 'NOT met'); save p99 < 50 ms: $verdict")
  server_stop
  pg_drop
done

echo
cat "$report"
echo
printf '%s\n' "${summary[@]}" | tee -a "$report"
exit "$failed"
