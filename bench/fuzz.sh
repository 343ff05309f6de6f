#!/usr/bin/env bash
# A short fuzz run of the parser and the checker (cargo-fuzz on the stable toolchain), and
# of the JSON API against its OpenAPI document (schemathesis).
#
#   bash bench/fuzz.sh [SECONDS]        # default 60 s per cargo-fuzz target
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
#   api              schemathesis against `prfaq serve` (release build) on a loopback
#                    port over a fresh SQLite file, for API_SECONDS (default 180): an
#                    account is signed up through the pages, a write token made through
#                    the API, and every operation of /api/openapi.json is called with it,
#                    `--checks all` (no server error; every status, content type, header
#                    and body as the document says; bad input refused, good input
#                    accepted; the token required). schemathesis is installed from PyPI
#                    into target/schemathesis-venv/ on first use (SCHEMATHESIS_VERSION).
#                    Its log is fuzz/artifacts/logs/api.log, its JUnit report
#                    fuzz/artifacts/api/junit.xml.
#
# Seeds are copied at each run into fuzz/corpus/seeds/ (gitignored, never committed:
# they are other people's documents) from ../shared/corpus/*.md, examples/*.md and
# crates/*/tests/fixtures/**/*.md. What each target finds is kept in
# fuzz/corpus/<target>/ for the next run; crashes go to fuzz/artifacts/<target>/ and
# logs to fuzz/artifacts/logs/<target>.log.
#
# Environment:
#   TARGETS="parse_and_check parse_str api"   which targets to run
#   API_SECONDS=180 how long schemathesis runs (its --max-time)
#   SCHEMATHESIS_VERSION=4.32.5   the version installed into the venv
#   TIMEOUT=10      seconds one input may take before libFuzzer calls it a timeout (a finding)
#   NO_BUILD=1      skip the explicit build step (cargo fuzz run still builds if needed)
#
# Exits 1 when any target crashed or timed out (the artifact paths are printed) or
# schemathesis found a failure, 2 when the tools are missing or the build failed.
set -euo pipefail

ROOT="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
cd "$ROOT"

DURATION="${1:-60}"
TARGETS="${TARGETS:-parse_and_check parse_str api}"
TIMEOUT="${TIMEOUT:-10}"
API_SECONDS="${API_SECONDS:-180}"
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
FLAGS=(-s none -O -a)

say() { printf 'fuzz: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }

case "$DURATION" in '' | *[!0-9]*) die "SECONDS must be a whole number, not '$DURATION'" ;; esac
case "$API_SECONDS" in '' | *[!0-9]*) die "API_SECONDS must be a whole number, not '$API_SECONDS'" ;; esac
FUZZ_TARGETS=""
RUN_API=0
for target in $TARGETS; do
  if [ "$target" = api ]; then RUN_API=1; else FUZZ_TARGETS="$FUZZ_TARGETS $target"; fi
done
TARGETS="$FUZZ_TARGETS"
if [ -n "$TARGETS" ]; then
  cargo fuzz --version >/dev/null 2>&1 || die "cargo-fuzz is not installed: cargo install cargo-fuzz"
fi

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

if [ "${NO_BUILD:-0}" != "1" ] && [ -n "$TARGETS" ]; then
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

# ---- the API against its OpenAPI document ----

# Runs schemathesis in a subshell that sources bench/lib/common.sh (its server, account
# and cleanup); prints one summary line on standard output, returns 1 on failures.
run_api() (
  BENCH_NAME=fuzz.sh
  # shellcheck source=bench/lib/common.sh
  source "$ROOT/bench/lib/common.sh"
  local venv="$ROOT/target/schemathesis-venv" log="$ROOT/fuzz/artifacts/logs/api.log"
  local report="$ROOT/fuzz/artifacts/api"
  mkdir -p "$report" "$(dirname "$log")"
  if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    say "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    python3 -m venv "$venv" >&2 || exit 2
    "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" >&2 || exit 2
  fi
  build
  database_for sqlite
  server_start
  sign_up
  printf '{"name": "schemathesis", "scope": "write"}' >"$WORK/token.json"
  local token
  token="$(api POST /api/tokens "$WORK/token.json" | json_get secret)"
  [ -n "$token" ] || die "no token"
  # A document with two revisions, so that generated ids often name something real and
  # the calls reach the checker, the saves and the diffs instead of stopping at 404.
  printf '{"title": "Fuzzed", "text": "# Fuzzed\\n\\nA first paragraph."}' >"$WORK/doc.json"
  local doc
  doc="$(api POST "/api/workspaces/$WS/documents" "$WORK/doc.json" | json_get document id)"
  printf '{"base_revision": 1, "text": "# Fuzzed\\n\\nA second paragraph."}' >"$WORK/save.json"
  api PUT "/api/documents/$doc" "$WORK/save.json" >/dev/null
  cat >"$WORK/schemathesis.toml" <<TOML
[dictionaries.workspaces]
values = [$WS]
[dictionaries.documents]
values = [$doc]
[dictionaries.revisions]
values = [1, 2]
[parameters]
"path.ws" = { dictionary = "workspaces", probability = 0.7 }
"path.id" = { dictionary = "documents", probability = 0.7 }
"path.n" = { dictionary = "revisions", probability = 0.7 }
"query.from" = { dictionary = "revisions", probability = 0.7 }
"query.to" = { dictionary = "revisions", probability = 0.7 }
TOML
  say "schemathesis for ${API_SECONDS}s against $BASE (log: $log)"
  local status=0
  # From the scratch folder, where schemathesis leaves its own files.
  cd "$WORK"
  "$venv/bin/schemathesis" --config-file "$WORK/schemathesis.toml" run "$BASE/api/openapi.json" \
    --checks all --max-time "$API_SECONDS" --workers 2 \
    --header "Authorization: Bearer $token" \
    --request-timeout 30 --no-color --generation-database "$ROOT/target/schemathesis-examples" \
    --report junit --report-junit-path "$report/junit.xml" \
    >"$log" 2>&1 || status=$?
  local cases failures
  cases="$(grep -Eo '[0-9]+ (test cases|generated)' "$log" | tail -n1 | grep -Eo '^[0-9]+' || true)"
  failures="$(grep -Eo '[0-9]+ (unique )?failures?' "$log" | tail -n1 | grep -Eo '^[0-9]+' || echo 0)"
  if [ "$status" = 0 ]; then
    printf 'api              %s test cases, no failure\n' "${cases:-?}"
  else
    say "schemathesis found failures (exit $status); from its log ($log):"
    grep -E -A3 '^_+ .* _+$|^[0-9]+\. ' "$log" | head -n 60 >&2 || true
    printf 'api              %s test cases, %s failures  FOUND A FAILURE\n' "${cases:-?}" "${failures:-?}"
    exit 1
  fi
)

if [ "$RUN_API" = 1 ]; then
  api_status=0
  line="$(run_api)" || api_status=$?
  [ "$api_status" = 2 ] && die "schemathesis could not be installed or the server did not start"
  [ "$api_status" = 0 ] || failed=1
  summary+=("$line")
fi

printf '\nfuzz summary (%ss per target, -max_len=65536, %s):\n' "$DURATION" "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
