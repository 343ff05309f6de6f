#!/usr/bin/env bash
# The workspace's side of the outcome report: an import (`compact`: read the file, keep
# the events the document reads as JSON Lines in 1 MiB chunks) and the report from the
# stored chunks (`report_from_jsonl`), which the workspace computes once per revision and
# upload, on a generated stream near the 64 MiB a document keeps; the report from the
# Parquet file beside them, and a check that both give the same funnel.
#
#   bash bench/outcomes_stored.sh
#
# Environment: USERS=270000 RUNS=3 (62.8 MB kept, near the 64 MiB cap). Output: bench/out/outcomes/stored.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
USERS=${USERS:-270000}
RUNS=${RUNS:-3}
OUT=bench/out/outcomes
mkdir -p "$OUT"
cargo build --release -p prfaq_outcomes --example stored
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
  for run in $(seq "$RUNS"); do
    /usr/bin/time -f "  wall_s=%e user_s=%U max_rss_kb=%M" target/release/examples/stored "$USERS" "$OUT" 2>&1
  done
} | tee "$OUT/stored.txt"
