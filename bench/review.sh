#!/usr/bin/env bash
# The review page with many threads (issue 18): GET /d/{id}/review on the ~1,500-word
# document with THREADS_ON_PAGE threads (200 by default; a third of them concerns, each
# with a reply), 64 connections with wrk over loopback, on SQLite and PostgreSQL.
#
#   bash bench/review.sh
#
# For each database: build (cargo build --release -p prfaq), start
# `target/release/prfaq serve` on a fresh database, sign up, create the document, ask
# the account itself to review it, open the threads through the JSON API (each on a
# different passage of the text), warm up for 3 s, then run for DURATION with
# bench/lib/page.lua. The review page reads the whole review (threads, comments, events,
# placements, verdicts, status history, assumptions), applies the rule of alignment to
# the newest revision (its findings come from the cache after the first request) and
# renders every thread. Target: p99 < 30 ms at 64 connections.
#
# Environment: DURATION=15s CONNECTIONS=64 THREADS=2 WARMUP=3s THREADS_ON_PAGE=200
# DATABASES="sqlite postgres", and those of bench/lib/common.sh.
# Output: a table on standard output and in bench/out/review.md.
set -euo pipefail
BENCH_NAME=review.sh
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-3s}"
THREADS_ON_PAGE="${THREADS_ON_PAGE:-200}"

need_tools
build
make_document
mkdir -p "$OUT"
report="$OUT/review.md"
{
  echo "| database | threads | connections | requests/s | p50 | p90 | p99 | max | non-2xx | load avg before → after |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
} >"$report"

# Writes one JSON body per thread to $WORK/thread-N.json: a quote of three words taken
# from a different place of the text each time, a concern every third thread.
make_threads() {
  python3 - "$WORK/doc1500.md" "$WORK" "$THREADS_ON_PAGE" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
out, count = sys.argv[2], int(sys.argv[3])
words = [m for m in re.finditer(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", text)]
step = max(1, len(words) // count)
for n in range(count):
    m = words[(n * step) % len(words)]
    body = {"quote": m.group(0), "prefix": text[max(0, m.start() - 40):m.start()],
            "suffix": text[m.end():m.end() + 40], "body": f"Thread {n}: why this?",
            "concern": n % 3 == 0}
    with open(f"{out}/thread-{n}.json", "w", encoding="utf-8") as f:
        json.dump(body, f)
with open(f"{out}/reply.json", "w", encoding="utf-8") as f:
    json.dump({"body": "Because the survey says so."}, f)
PY
}

make_threads
verdicts=()
for db in $DATABASES; do
  database_for "$db" || continue
  server_start
  sign_up
  doc="$(create_document)"
  printf '{"reviewers": [{"email": "bench@example.com", "function": "finance", "required": true}]}' \
    >"$WORK/request.json"
  api POST "/api/documents/$doc/review/requests" "$WORK/request.json" >/dev/null
  for n in $(seq 0 $((THREADS_ON_PAGE - 1))); do
    thread="$(api POST "/api/documents/$doc/review/threads" "$WORK/thread-$n.json" | json_get id)"
    api POST "/api/threads/$thread/replies" "$WORK/reply.json" >/dev/null
  done
  export BENCH_SESSION="$SESSION"
  url="$BASE/d/$doc/review"
  status="$(curl -s -o /dev/null -w '%{http_code}' -b "prfaq_session=$SESSION" "$url")"
  [ "$status" = "200" ] || die "GET /d/$doc/review answered $status"
  shown="$(curl -s -b "prfaq_session=$SESSION" "$url" | grep -c 'data-testid="thread"' || true)"
  [ "$shown" = "$THREADS_ON_PAGE" ] || die "the page shows $shown threads, not $THREADS_ON_PAGE"
  say "$db: document $doc with $THREADS_ON_PAGE threads on $BASE"
  script="$BENCH_LIB/page.lua"
  wrk_run "warmup-$db-review" -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" >/dev/null
  before="$(loadavg)"
  result="$(wrk_run "review-$db" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url")"
  after="$(loadavg)"
  printf '%s review %s load_before=%s load_after=%s\n' "$db" "$result" "${before// /,}" "${after// /,}"
  printf '| %s | %s | %s | %s | %s ms | %s ms | %s ms | %s ms | %s | %s → %s |\n' \
    "$db" "$THREADS_ON_PAGE" "$CONNECTIONS" "$(field rps "$result")" "$(field p50_ms "$result")" \
    "$(field p90_ms "$result")" "$(field p99_ms "$result")" "$(field max_ms "$result")" \
    "$(field non2xx "$result")" "$before" "$after" >>"$report"
  p99="$(field p99_ms "$result")"
  ok="$(python3 -c "print('met' if $p99 < 30 else 'NOT met')")"
  verdicts+=("$db review page with $THREADS_ON_PAGE threads: p99 < 30 ms: $ok (p99 $p99 ms, $(field rps "$result") req/s)")
  server_stop
  pg_drop
done

echo
cat "$report"
echo
printf '%s\n' "${verdicts[@]}" | tee -a "$report"
