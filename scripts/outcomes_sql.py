"""Runs `prfaq outcomes sql` on an events file with an embedded engine.

    outcomes_sql.py duckdb|clickhouse FILE QUERY

FILE (CSV with the columns user_id,event,timestamp,amount, or Parquet) is the relation
`events`; QUERY is a file holding the SQL. Prints the rows as JSON: [[measure, item, value], ...].
DuckDB comes from the `duckdb` package, ClickHouse from `chdb` (embedded ClickHouse).
"""
import json
import sys

CSV_COLUMNS = {
    "duckdb": {"user_id": "VARCHAR", "event": "VARCHAR", "timestamp": "TIMESTAMPTZ", "amount": "DOUBLE"},
    "clickhouse": "user_id String, event String, timestamp DateTime64(3, 'UTC'), amount Nullable(Float64)",
}


def quote(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def duckdb_rows(path, query):
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    if path.endswith(".csv"):
        source = f"read_csv({quote(path)}, header = true, columns = {CSV_COLUMNS['duckdb']!r})"
    else:
        source = f"read_parquet({quote(path)})"
    con.execute(f"CREATE VIEW events AS SELECT * FROM {source}")
    return con.execute(query).fetchall()


def clickhouse_rows(path, query):
    from chdb import session

    s = session.Session()
    s.query("SET session_timezone = 'UTC'")
    if path.endswith(".csv"):
        source = f"file({quote(path)}, CSVWithNames, {quote(CSV_COLUMNS['clickhouse'])})"
    else:
        source = f"file({quote(path)}, Parquet)"
    s.query(f"CREATE DATABASE IF NOT EXISTS outcomes")
    s.query(f"CREATE VIEW outcomes.events AS SELECT * FROM {source}")
    s.query("USE outcomes")
    out = s.query(query.rstrip().rstrip(";"), "JSONCompact")
    return json.loads(out.bytes())["data"]


def main():
    engine, path, query_path = sys.argv[1:4]
    query = open(query_path).read()
    rows = {"duckdb": duckdb_rows, "clickhouse": clickhouse_rows}[engine](path, query)
    json.dump([[m, int(i), float(v)] for m, i, v in rows], sys.stdout)
    print()


if __name__ == "__main__":
    main()
