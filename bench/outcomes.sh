#!/usr/bin/env bash
# The outcome report (crates/prfaq_outcomes) on 10,000,000 events, against DuckDB
# running the equivalent SQL (`prfaq outcomes sql --dialect duckdb`) on the same files.
#
#   bash bench/outcomes.sh
#
# Builds the release examples `generate` and `report`, writes bench/out/outcomes/
# events.csv (about 450 MB) and events.parquet once with USERS generated users (about
# 6 events each), then, RUNS times each, under /usr/bin/time for the peak memory:
#   report doc.md events.csv|events.parquet     the full report as JSON
#   duckdb on the same file                     the SQL the report prints, in one query
# and checks that both give the same funnel, times, rates and totals.
# Target: within 1.5x of DuckDB's time on each file, peak memory under 4 GiB.
#
# Environment: USERS=1660000 RUNS=3 (needs `pip install duckdb`).
# Output: the figures on standard output and in bench/out/outcomes/results.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
USERS=${USERS:-1660000}
RUNS=${RUNS:-3}
OUT=bench/out/outcomes
mkdir -p "$OUT"
cargo build --release -p prfaq_outcomes --examples
cargo build -p prfaq
BIN=target/release/examples
if [[ ! -s "$OUT/events.parquet" || ! -e "$OUT/users-$USERS" ]]; then
  "$BIN/generate" "$USERS" "$OUT"
  touch "$OUT/users-$USERS"
fi
target/debug/prfaq outcomes sql "$OUT/doc.md" --dialect duckdb > "$OUT/query.sql"
TIME=(/usr/bin/time -f "  wall_s=%e user_s=%U sys_s=%S max_rss_kb=%M")
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -sr), $(python3 -c 'import duckdb; print("duckdb", duckdb.__version__)')"
  ls -l "$OUT/events.csv" "$OUT/events.parquet" | awk '{print "# " $9 ": " $5 " bytes"}'
  for file in events.csv events.parquet; do
    for run in $(seq "$RUNS"); do
      echo "report $file run $run"
      "${TIME[@]}" "$BIN/report" "$OUT/doc.md" "$OUT/$file" > "$OUT/report-$file.json" 2> "$OUT/time.txt" || { cat "$OUT/time.txt"; exit 1; }
      cat "$OUT/time.txt"
      echo "duckdb $file run $run"
      "${TIME[@]}" python3 bench/lib/outcomes_duckdb.py "$OUT/$file" "$OUT/query.sql" "$OUT/duckdb-$file.json" 2>&1
    done
    python3 bench/lib/outcomes_duckdb.py --compare "$OUT/report-$file.json" "$OUT/duckdb-$file.json"
  done
} | tee "$OUT/results.txt"
