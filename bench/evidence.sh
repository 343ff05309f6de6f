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
# Environment: ROWS=1000000 COMMENTS=100000 NOISE=8
#   DOC=crates/prfaq_evidence/tests/fixtures/refunds.md
# Output: the figures on standard output and in bench/out/evidence/results.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROWS=${ROWS:-1000000}
COMMENTS=${COMMENTS:-100000}
NOISE=${NOISE:-8}
DOC=${DOC:-crates/prfaq_evidence/tests/fixtures/refunds.md}
OUT=bench/out/evidence
mkdir -p "$OUT"
cargo build --release -p prfaq_evidence --example evidence_bench
BIN=target/release/examples/evidence_bench
CSV="$OUT/feedback-$ROWS.csv"
if [[ ! -s "$CSV" ]]; then
  "$BIN" csv "$CSV" "$ROWS"
fi
TIME=(/usr/bin/time -f "  wall_s=%e max_rss_kb=%M")
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores, $(uname -sr)"
  "${TIME[@]}" "$BIN" parse "$CSV" 2>&1
  "${TIME[@]}" "$BIN" themes "$COMMENTS" 2>&1
  "${TIME[@]}" "$BIN" themes "$COMMENTS" "$NOISE" 2>&1
  "${TIME[@]}" "$BIN" suggest "$COMMENTS" "$DOC" 2>&1
  "${TIME[@]}" "$BIN" suggest "$COMMENTS" examples/quick-reorder.md 2>&1
} | tee "$OUT/results.txt"
