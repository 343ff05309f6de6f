#!/usr/bin/env bash
# A short fuzz run of the parser and the checker (cargo-fuzz on the stable toolchain).
#
#   bash bench/fuzz.sh [SECONDS]        # default 60 s per target
#
# Builds fuzz/ with `cargo fuzz build -s none -O -a` (no sanitizer, so no nightly;
# optimised, with debug assertions and overflow checks), then runs each target for
# SECONDS with -max_len=65536 and prints executions per second and whether it crashed.
#
# Targets (fuzz/fuzz_targets/):
#   parse_and_check  bytes -> prfaq_doc::load -> parse -> prfaq_lint::check -> render
#                    json and human; asserts every span lies inside the text on char
#                    boundaries and every position can be computed
#   parse_str        any &str -> prfaq_doc::parse, asserting the document's spans
#
# Seeds are copied at each run into fuzz/corpus/seeds/ (gitignored, never committed:
# they are other people's documents) from ../shared/corpus/*.md, examples/*.md and
# crates/*/tests/fixtures/**/*.md. What each target finds is kept in
# fuzz/corpus/<target>/ for the next run; crashes go to fuzz/artifacts/<target>/ and
# logs to fuzz/artifacts/logs/<target>.log.
#
# Environment:
#   TARGETS="parse_and_check parse_str"   which targets to run
#   TIMEOUT=10      seconds one input may take before libFuzzer calls it a timeout (a finding)
#   NO_BUILD=1      skip the explicit build step (cargo fuzz run still builds if needed)
#
# Exits 1 when any target crashed or timed out (the artifact paths are printed),
# 2 when the tools are missing or the build failed.
set -euo pipefail

ROOT="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
cd "$ROOT"

DURATION="${1:-60}"
TARGETS="${TARGETS:-parse_and_check parse_str}"
TIMEOUT="${TIMEOUT:-10}"
FLAGS=(-s none -O -a)

say() { printf 'fuzz: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }

case "$DURATION" in '' | *[!0-9]*) die "SECONDS must be a whole number, not '$DURATION'" ;; esac
cargo fuzz --version >/dev/null 2>&1 || die "cargo-fuzz is not installed: cargo install cargo-fuzz"

# Seeds: copied fresh each run, names flattened so that files in different folders
# cannot overwrite each other.
SEEDS=fuzz/corpus/seeds
rm -rf "$SEEDS"
mkdir -p "$SEEDS" fuzz/artifacts/logs
shopt -s nullglob globstar
sources=(../shared/corpus/*.md examples/*.md crates/*/tests/fixtures/**/*.md)
shopt -u globstar
[ -d ../shared/corpus ] || say "note: ../shared/corpus is missing; seeding from this repository only"
for f in "${sources[@]}"; do
  name="${f#../}"
  cp "$f" "$SEEDS/${name//\//__}"
done
say "${#sources[@]} seed documents in $SEEDS"

if [ "${NO_BUILD:-0}" != "1" ]; then
  say "cargo fuzz build ${FLAGS[*]}"
  cargo fuzz build "${FLAGS[@]}" || die "the build failed"
fi

failed=0
summary=()
for target in $TARGETS; do
  corpus="fuzz/corpus/$target"
  artifacts="fuzz/artifacts/$target"
  log="fuzz/artifacts/logs/$target.log"
  mkdir -p "$corpus" "$artifacts"
  say "running $target for ${DURATION}s (log: $log)"
  status=0
  cargo fuzz run "${FLAGS[@]}" "$target" "$corpus" "$SEEDS" -- \
    -max_total_time="$DURATION" -max_len=65536 -timeout="$TIMEOUT" \
    -print_final_stats=1 >"$log" 2>&1 || status=$?

  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)"
  if [ -z "$rate" ]; then
    rate="$(grep -o 'exec/s: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2 || true)"
  fi
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2 || true)"
  units="$(grep -o 'corp: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2 || true)"
  # libFuzzer names what it found: "Test unit written to fuzz/artifacts/<target>/crash-…".
  found="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")"

  line="$(printf '%-16s %6s exec/s  %9s runs  cov %-6s corpus %-6s' \
    "$target" "${rate:-?}" "${runs:-?}" "${cov:-?}" "${units:-?}")"
  if [ -n "$found" ] || [ "$status" != 0 ]; then
    failed=1
    line="$line  FOUND A CRASH"
    say "$target failed (exit $status); from its log ($log):"
    grep -E -A1 'panicked at|ERROR: libFuzzer|^SUMMARY' "$log" | grep -v '^--$' >&2 || true
    for a in $found; do
      say "artifact: $a ($(wc -c <"$a") bytes), as escaped bytes:"
      od -An -c "$a" | head -n 20 >&2
      say "  reproduce: cargo fuzz run ${FLAGS[*]} $target $a"
      say "  minimize:  cargo fuzz tmin ${FLAGS[*]} $target $a"
    done
    [ -n "$found" ] || say "no artifact was written; see $log"
  else
    line="$line  no crash"
  fi
  summary+=("$line")
done

printf '\nfuzz summary (%ss per target, -max_len=65536, %s):\n' "$DURATION" "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
