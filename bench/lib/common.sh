# shellcheck shell=bash
# Shared by bench/web.sh and bench/load.sh: build prfaq, start `prfaq serve` on SQLite or
# on a PostgreSQL database of its own, sign up through the pages, create documents
# through the API, run wrk, and clean up. Source it after setting BENCH_NAME.
#
# Environment:
#   PRFAQ=path                  prfaq binary (default: $CARGO_TARGET_DIR or target, /release/prfaq,
#                               built with `cargo build --release -p prfaq` unless NO_BUILD=1)
#   DATABASES="sqlite postgres" which databases to run against
#   PRFAQ_TEST_POSTGRES_URL     PostgreSQL admin URL (default postgres://postgres@127.0.0.1:5432/test);
#                               each run creates and drops a database of its own through it.
#                               Unreachable: PostgreSQL is skipped with a note, or fails when CI=true.
#   KEEP_WORK=1                 keep the scratch folder (the server's log, wrk's raw output)

ROOT="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
BENCH_LIB="$ROOT/bench/lib"
export BENCH_LIB
OUT="$ROOT/bench/out"
DATABASES="${DATABASES:-sqlite postgres}"
PG_ADMIN="${PRFAQ_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
CI="${CI:-false}"
PASSWORD="correct horse battery staple"

say() { printf '%s: %s\n' "${BENCH_NAME:-bench}" "$*" >&2; }
die() { say "error: $*"; exit 1; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# The temporary folder of this run, removed at exit with everything started in it.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/prfaq-bench.XXXXXX")"
SERVER_PID=""
PG_DB=""
cleanup() {
  server_stop
  pg_drop
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

need_tools() {
  command -v curl >/dev/null || die "curl is needed"
  command -v python3 >/dev/null || die "python3 is needed"
  if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      say "installing wrk (Debian package)"
      apt-get install -y wrk >/dev/null 2>&1 \
        || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; } \
        || die "apt-get install wrk failed"
    else
      die "wrk is not installed: apt-get install wrk"
    fi
  fi
}

build() {
  if [ -z "${PRFAQ:-}" ]; then
    local target="${CARGO_TARGET_DIR:-$ROOT/target}"
    case "$target" in /*) ;; *) target="$ROOT/$target" ;; esac
    PRFAQ="$target/release/prfaq"
    if [ "${NO_BUILD:-0}" != "1" ]; then
      say "cargo build --release -p prfaq"
      (cd "$ROOT" && cargo build --release -p prfaq --quiet) || die "the build failed"
    fi
  fi
  [ -x "$PRFAQ" ] || die "no prfaq binary at $PRFAQ"
}

# ---- PostgreSQL: a database of our own per run ----

# The admin URL with the database name replaced by $1.
pg_url() {
  python3 - "$PG_ADMIN" "$1" <<'EOF'
import sys
url, name = sys.argv[1], sys.argv[2]
scheme, rest = url.split("://", 1)
rest, _, query = rest.partition("?")
authority = rest.split("/", 1)[0]
print(f"{scheme}://{authority}/{name}" + (f"?{query}" if query else ""))
EOF
}

# Creates the run's database; returns 1 (after a loud note) when PostgreSQL cannot be
# reached outside CI, and fails when CI=true.
pg_create() {
  local name="prfaq_bench_$$_$1"
  if ! command -v psql >/dev/null || ! psql "$PG_ADMIN" -qAtc 'SELECT 1' >/dev/null 2>&1; then
    if [ "$CI" = "true" ]; then
      die "CI=true but PostgreSQL is unreachable (PRFAQ_TEST_POSTGRES_URL, psql)"
    fi
    say "!!!!! PostgreSQL is unreachable: SKIPPING PostgreSQL. Set PRFAQ_TEST_POSTGRES_URL, or CI=true to fail."
    return 1
  fi
  psql "$PG_ADMIN" -qAtc "CREATE DATABASE $name" >/dev/null || die "CREATE DATABASE $name failed"
  PG_DB="$name"
  DB_URL="$(pg_url "$name")"
}

pg_drop() {
  if [ -n "$PG_DB" ]; then
    psql "$PG_ADMIN" -qAtc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 \
      || say "could not drop the database $PG_DB"
    PG_DB=""
  fi
}

# Sets DB_URL for database kind $1 (sqlite or postgres); returns 1 to skip it.
database_for() {
  case "$1" in
    sqlite) DB_URL="sqlite:$WORK/$1-$(date +%s%N).db" ;;
    postgres) pg_create "$(date +%s%N)" || return 1 ;;
    *) die "unknown database $1 (sqlite or postgres)" ;;
  esac
}

# ---- the server ----

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts `prfaq serve` on $DB_URL; sets BASE. Request log lines go to $WORK/server.log.
server_start() {
  local port
  port="$(free_port)"
  BASE="http://127.0.0.1:$port"
  "$PRFAQ" serve --no-example --addr "127.0.0.1:$port" --database "$DB_URL" \
    >"$WORK/server.out" 2>"$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if curl -fs "$BASE/healthz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; die "prfaq serve exited"; }
    sleep 0.1
  done
  die "prfaq serve did not answer within 60 s"
}

server_stop() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

# ---- an account and documents, through the pages and the API ----

json_get() { python3 -c 'import json,sys; v=json.load(sys.stdin)
for k in sys.argv[1:]: v=v[int(k)] if k.isdigit() else v[k]
print(v)' "$@"; }

csrf_of() { sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p' | head -n 1; }

# Signs up on $BASE; sets SESSION (the session cookie's value), CSRF (the session's
# token for X-CSRF-Token) and WS (the account's workspace id).
sign_up() {
  local jar="$WORK/cookies" page token status
  rm -f "$jar"
  page="$(curl -fs -c "$jar" -b "$jar" "$BASE/signup")"
  token="$(printf '%s' "$page" | csrf_of)"
  status="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
    --data-urlencode "csrf=$token" --data-urlencode "name=Bench Mark" \
    --data-urlencode "email=bench@example.com" --data-urlencode "password=$PASSWORD" \
    "$BASE/signup")"
  [ "$status" = "303" ] || die "sign-up answered $status"
  SESSION="$(awk -F'\t' '$6 == "prfaq_session" { print $7 }' "$jar")"
  [ -n "$SESSION" ] || die "no session cookie after sign-up"
  CSRF="$(curl -fs -b "prfaq_session=$SESSION" "$BASE/rules" | csrf_of)"
  [ -n "$CSRF" ] || die "no CSRF token on the signed-in page"
  WS="$(api GET /api/workspaces | json_get workspaces 0 id)"
}

# An API call as the editor makes it: session cookie and X-CSRF-Token.
# api METHOD PATH [BODY-FILE]
api() {
  local args=(-fsS -X "$1" -b "prfaq_session=$SESSION" -H "x-csrf-token: $CSRF")
  if [ -n "${3:-}" ]; then
    args+=(-H 'content-type: application/json' --data-binary "@$3")
  fi
  curl "${args[@]}" "$BASE$2"
}

# Writes the 1,500-word document and its JSON forms to $WORK; sets DOC_WORDS.
make_document() {
  DOC_WORDS="$(python3 "$BENCH_LIB/doc1500.py" "$ROOT" "$WORK")"
}

# Creates one document from the 1,500-word text; prints its id.
create_document() {
  api POST "/api/workspaces/$WS/documents" "$WORK/doc1500.create.json" | json_get document id
}

# ---- wrk ----

# wrk_run NAME wrk-arguments...: runs wrk, keeps its output in $WORK/NAME.wrk, and prints
# the RESULT line its script's done() wrote.
wrk_run() {
  local name="$1"
  shift
  wrk "$@" >"$WORK/$name.wrk" 2>&1 || { cat "$WORK/$name.wrk" >&2; die "wrk failed"; }
  mkdir -p "$OUT/wrk"
  cp "$WORK/$name.wrk" "$OUT/wrk/$name.txt"
  grep '^RESULT' "$WORK/$name.wrk" || { cat "$WORK/$name.wrk" >&2; die "wrk printed no RESULT"; }
}

# field NAME RESULT-LINE: one key=value of a RESULT line.
field() { printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
