"""DuckDB's side of bench/outcomes.sh.

    outcomes_duckdb.py FILE QUERY OUT        run QUERY on FILE as the view `events`,
                                             print query_s, write the rows as JSON
    outcomes_duckdb.py --compare REPORT ROWS check the report's JSON against the rows
"""
import json
import sys
import time


def run(path, query_path, out):
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE VIEW events AS SELECT * FROM '{path}'")
    query = open(query_path).read()
    started = time.perf_counter()
    rows = con.execute(query).fetchall()
    print(f"  query_s={time.perf_counter() - started:.3f}")
    json.dump([[m, i, v] for m, i, v in rows], open(out, "w"))


def compare(report_path, rows_path):
    report = json.load(open(report_path))
    ours = {("funnel", s["number"]): s["users"] for s in report["funnel"]}
    t = report["time_to_aha"]
    ours[("time_to_aha_median_seconds", 0)] = t["median_seconds"]
    ours[("time_to_aha_p90_seconds", 0)] = t["p90_seconds"]
    ours[("never_share", 0)] = t["never_share"]
    ours[("activation_rate", 0)] = report["activation_rate"]
    for w in report["retention"]["by_week"]:
        if w["users"]:
            ours[("retention", w["week"])] = w["rate"]
    for m in report["metrics"]:
        kind = (m["measure"] or {}).get("kind")
        if kind in ("count", "sum"):
            ours[(kind, m["line"])] = m["current"]
    differ = []
    rows = json.load(open(rows_path))
    missing = set(ours) - {(m, i) for m, i, _ in rows}
    if missing:
        differ.append(("missing from the SQL's rows", sorted(missing)))
    for measure, item, value in rows:
        mine = ours.get((measure, item))
        if mine is None or abs(mine - value) > 1e-6 * max(1.0, abs(value)):
            differ.append((measure, item, value, mine))
    print(f"  same results: {not differ} ({len(ours)} values){'' if not differ else ' differ: ' + repr(differ)}")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        run(sys.argv[1], sys.argv[2], sys.argv[3])
