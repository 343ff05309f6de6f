#!/usr/bin/env bash
# The review's re-anchoring, timed: 500 comments re-attached to a new revision of a
# 3,000-word document (target: under 50 ms), on a rewrite round and in the worst case,
# where every comment goes through the fuzzy step and ends orphaned.
#
#   bash bench/reattach.sh [COMMENTS] [WORDS] [RUNS] [CASE]
#
# CASE (same, edited, worst or compare) runs one case alone, for perf stat or callgrind.
# Runs `cargo run --release -p prfaq_review --example reattach`; see the example's
# header for how the document and the revisions are made.
set -euo pipefail
ROOT="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
cd "$ROOT"
cargo build --release -p prfaq_review --example reattach
target/release/examples/reattach "${1:-500}" "${2:-3000}" "${3:-21}" ${4:+"$4"}
