#!/usr/bin/env bash
# The workspace's speed (issue 3): the document page and the check endpoint on a
# ~1,500-word document, 64 connections with wrk over loopback, on SQLite and PostgreSQL.
#
#   bash bench/web.sh
#
# For each database: build (cargo build --release -p prfaq), start
# `target/release/prfaq serve` on a fresh SQLite file or a fresh PostgreSQL database,
# sign up through the pages, create the document (bench/lib/doc1500.py) through the API,
# warm up for 3 s, then run for DURATION each:
#   page   wrk -t2 -c64 --latency  GET /d/{id} with the session cookie
#   check  wrk -t2 -c64 --latency  POST /api/check {"text": <1,500 words>}, session cookie
#          and X-CSRF-Token, as the editor's script sends it while the user types (the
#          same text every time, so after the first request the server answers from its
#          memory of recent checks)
#   check-unique  the same, but every request's text differs (bench/lib/check-unique.lua),
#          so no answer comes from memory: the cost of the checker itself
# Targets on the 2-core machine: page >= 5,000 requests/s with p99 < 20 ms; check p99 < 15 ms
# (both check runs get a verdict: `check` is text the editor re-sends, `check-unique` text never checked before).
# After each 64-connection run, a run of SINGLE (5 s) with one connection shows the time one
# request takes with no queue in front of it (set SINGLE=0 to skip).
#
# Environment: DURATION=15s CONNECTIONS=64 THREADS=2 WARMUP=3s SINGLE=5s DATABASES="sqlite postgres",
# ENDPOINTS="page check check-unique" (a subset runs only those),
# and those of bench/lib/common.sh (PRFAQ, NO_BUILD, PRFAQ_TEST_POSTGRES_URL, CI).
# Output: a table on standard output and in bench/out/web.md; wrk's own output in
# bench/out/wrk/. The machine's load average is printed with each run: the machine is
# shared, so compare runs made under similar load.
set -euo pipefail
BENCH_NAME=web.sh
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-3s}"
SINGLE="${SINGLE:-5s}"
ENDPOINTS="${ENDPOINTS:-page check check-unique}"

need_tools
build
make_document
mkdir -p "$OUT"
report="$OUT/web.md"
{
  echo "| database | endpoint | connections | requests/s | p50 | p90 | p99 | max | non-2xx | socket errors | load avg before → after |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
} >"$report"

verdicts=()
for db in $DATABASES; do
  database_for "$db" || continue
  server_start
  sign_up
  doc="$(create_document)"
  export BENCH_SESSION="$SESSION" BENCH_CSRF="$CSRF" BENCH_CHECK_BODY="$WORK/doc1500.check.json"
  # The page must be what a signed-in user sees, not a redirect to the sign-in form.
  status="$(curl -s -o /dev/null -w '%{http_code}' -b "prfaq_session=$SESSION" "$BASE/d/$doc")"
  [ "$status" = "200" ] || die "GET /d/$doc answered $status"
  status="$(curl -s -o /dev/null -w '%{http_code}' -b "prfaq_session=$SESSION" -H "x-csrf-token: $CSRF" \
    -H 'content-type: application/json' --data-binary "@$BENCH_CHECK_BODY" "$BASE/api/check")"
  [ "$status" = "200" ] || die "POST /api/check answered $status"
  say "$db: document $doc ($DOC_WORDS words) on $BASE"

  for endpoint in $ENDPOINTS; do
    case "$endpoint" in
      page) url="$BASE/d/$doc" ;;
      check | check-unique) url="$BASE/api/check" ;;
    esac
    script="$BENCH_LIB/$endpoint.lua"
    wrk_run "warmup-$db-$endpoint" -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$url" >/dev/null
    before="$(loadavg)"
    say "$db $endpoint: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (load average $before)"
    result="$(wrk_run "web-$db-$endpoint" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url")"
    after="$(loadavg)"
    printf '%s %s %s load_before=%s load_after=%s\n' "$db" "$endpoint" "$result" "${before// /,}" "${after// /,}"
    printf '| %s | %s | %s | %s | %s ms | %s ms | %s ms | %s ms | %s | %s | %s → %s |\n' \
      "$db" "$endpoint" "$CONNECTIONS" "$(field rps "$result")" "$(field p50_ms "$result")" \
      "$(field p90_ms "$result")" "$(field p99_ms "$result")" "$(field max_ms "$result")" \
      "$(field non2xx "$result")" "$(field socket_errors "$result")" "$before" "$after" >>"$report"
    rps="$(field rps "$result")"
    p99="$(field p99_ms "$result")"
    case "$endpoint" in
      page) ok="$(python3 -c "print('met' if $rps >= 5000 and $p99 < 20 else 'NOT met')")"
        verdicts+=("$db page: >= 5,000 req/s and p99 < 20 ms: $ok ($rps req/s, p99 $p99 ms)") ;;
      check) ok="$(python3 -c "print('met' if $p99 < 15 else 'NOT met')")"
        verdicts+=("$db check (same text, remembered): p99 < 15 ms: $ok (p99 $p99 ms, $rps req/s)") ;;
      check-unique) ok="$(python3 -c "print('met' if $p99 < 15 else 'NOT met')")"
        verdicts+=("$db check (every text new, nothing remembered): p99 < 15 ms: $ok (p99 $p99 ms, $rps req/s)") ;;
    esac
    if [ "$SINGLE" != "0" ]; then
      before="$(loadavg)"
      one="$(wrk_run "web-$db-$endpoint-1" -t1 -c1 -d"$SINGLE" --latency -s "$script" "$url")"
      after="$(loadavg)"
      printf '%s %s 1 connection %s\n' "$db" "$endpoint" "$one"
      printf '| %s | %s | 1 | %s | %s ms | %s ms | %s ms | %s ms | %s | %s | %s → %s |\n' \
        "$db" "$endpoint" "$(field rps "$one")" "$(field p50_ms "$one")" \
        "$(field p90_ms "$one")" "$(field p99_ms "$one")" "$(field max_ms "$one")" \
        "$(field non2xx "$one")" "$(field socket_errors "$one")" "$before" "$after" >>"$report"
    fi
  done
  server_stop
  pg_drop
done

echo
cat "$report"
echo
printf '%s\n' "${verdicts[@]}" | tee -a "$report"
