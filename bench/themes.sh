#!/usr/bin/env bash
# A workspace's themes at 100,000 comments, as the outcome report's evidence, the
# outcomes page and the themes API read them: the first request after an import, the
# requests after it, and the first one after the team's theme choices change.
#
#   bash bench/themes.sh
#   PRFAQ=/path/to/another/prfaq NO_BUILD=1 bash bench/themes.sh   # another build
#
# A release `prfaq serve` on a fresh database (SQLite, then PostgreSQL when reachable,
# see bench/lib/common.sh), an account signed up through the pages, a document whose
# journey is tied to events and a small events file (its report has a biggest gap,
# whose evidence reads the workspace's themes), and ROWS generated comments
# (bench/evidence.sh's Zendesk-shaped CSV) imported through the API. Then each request
# RUNS times, one after another, timed by curl (wall time, HTTP included) and by the
# server's own CPU time (utime + stime from /proc; on PostgreSQL the database's work is
# not in it): the report API, the outcomes page, the themes API; then the choices are
# saved once and the report asked for RUNS times again.
#
# Environment: ROWS=100000 RUNS=5 DATABASES="sqlite postgres" PRFAQ NO_BUILD
# Output: the figures on standard output and in bench/out/themes/results.txt.
set -euo pipefail
BENCH_NAME=themes
# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
ROWS=${ROWS:-100000}
RUNS=${RUNS:-5}
mkdir -p "$OUT/themes" "$OUT/evidence"
build
(cd "$ROOT" && cargo build --release --quiet -p prfaq_evidence --example evidence_bench)
CSV="$OUT/evidence/feedback-$ROWS.csv"
if [[ ! -s "$CSV" ]]; then
  "${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/evidence_bench" csv "$CSV" "$ROWS" >&2
fi
TICK=$(getconf CLK_TCK)

# The example draft with its journey tied to events and metrics with measures, as the
# web's outcome tests write it; and four users' events, two of whom fill their basket.
python3 - "$ROOT/examples/quick-reorder-draft.md" "$WORK" <<'PY'
import json, sys
example, out = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
start, end = example.index("# User journey"), example.index("# Scope")
text = example[:start] + """# User journey

1. Ann opens the Acme app on Sunday evening — event: app_opened
2. Aha: one tap fills her cart with last week's groceries — event: basket_filled
3. She taps Pay and the order arrives on Monday morning — event: order_paid

# Metrics

| Metric | Measure | Baseline | Target | By | Owner |
|---|---|---|---|---|---|
| Activation | activation 7d | 20% | 90% | 2026-01-06 | Dana Lee |
| Orders | count order_paid | 0 | 1 | 2026-02-01 | Sam Ortiz |

""" + example[end:]
json.dump({"title": "Quick Reorder", "text": text}, open(f"{out}/doc.json", "w"))
open(f"{out}/events.csv", "w").write("""user_id,event,timestamp
u1,app_opened,2026-01-05T09:00:00Z
u1,basket_filled,2026-01-05T09:02:00Z
u1,order_paid,2026-01-05T09:05:00Z
u2,app_opened,2026-01-06T10:00:00Z
u2,basket_filled,2026-01-06T10:30:00Z
u3,app_opened,2026-01-06T11:00:00Z
u4,app_opened,2026-01-07T12:00:00Z
""")
json.dump({"choices": []}, open(f"{out}/choices.json", "w"))
PY

server_cpu() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }

# timed NAME PATH: one GET with the session, its wall and server CPU time in ms.
timed() {
  local before after wall status
  before=$(server_cpu)
  read -r status wall < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
    -b "prfaq_session=$SESSION" -H "x-csrf-token: $CSRF" "$BASE$2")
  after=$(server_cpu)
  [ "$status" = "200" ] || die "GET $2 answered $status"
  awk -v name="$1" -v wall="$wall" -v cpu=$((after - before)) -v tick="$TICK" \
    'BEGIN { printf "  %-22s wall_ms=%7.1f server_cpu_ms=%6.0f\n", name, wall * 1000, cpu * 1000 / tick }'
}

# runs NAME PATH: RUNS requests, the first marked as such.
runs() {
  timed "$1 first" "$2"
  for _ in $(seq 2 "$RUNS"); do timed "$1 again" "$2"; done
}

one_database() {
  local kind=$1 doc imported
  database_for "$kind" || return 0
  server_start
  sign_up
  doc=$(api POST "/api/workspaces/$WS/documents" "$WORK/doc.json" | json_get document id)
  curl -fsS -o /dev/null -X POST -b "prfaq_session=$SESSION" -H "x-csrf-token: $CSRF" \
    -H 'content-type: text/csv' --data-binary "@$WORK/events.csv" \
    "$BASE/api/documents/$doc/outcomes/events?name=events.csv"
  imported=$(curl -fsS -X POST -b "prfaq_session=$SESSION" -H "x-csrf-token: $CSRF" \
    -H 'content-type: application/octet-stream' --data-binary "@$CSV" \
    "$BASE/api/workspaces/$WS/evidence/import?name=feedback.csv" | json_get imported)
  echo "# $kind: $imported comments imported; $(loadavg) load"
  runs "report API" "/api/documents/$doc/outcomes"
  runs "outcomes page" "/d/$doc/outcomes"
  runs "themes API" "/api/workspaces/$WS/evidence/themes"
  api PUT "/api/workspaces/$WS/evidence/themes/choices" "$WORK/choices.json" >/dev/null
  echo "  (the team's theme choices saved)"
  runs "report API" "/api/documents/$doc/outcomes"
  server_stop
  pg_drop
}

# Not a pipe into tee, whose subshell would keep the server and the database from the
# clean-up at exit.
exec > >(tee "$OUT/themes/results.txt")
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -sr), rows=$ROWS, runs=$RUNS"
echo "# $PRFAQ ($("$PRFAQ" --version 2>/dev/null || echo unknown))"
for kind in $DATABASES; do one_database "$kind"; done
