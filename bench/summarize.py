#!/usr/bin/env python3
"""Summarise the hyperfine JSON files written by bench/run.sh.

Prints (and writes to bench/out/summary.md) a table of median wall seconds per tool and
case, then prfaq's speed-up against the fastest peer of each kind and the targets.

A command whose name ends in "[xN]" ran on 1/N of the case's input (a subset of the
files). Its estimate, marked "*", is N x median(subset) - (N - 1) x median(one document):
the work scales by N but the process starts once, not N times. Without a one-document
figure for that tool it falls back to N x median(subset). See docs/benchmarks.md.

Usage: python3 bench/summarize.py RESULTS_DIR
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys

CASES = [
    ("one", "one doc (410 words)"),
    ("corpus", "real corpus"),
    ("set1000", "1,000 docs"),
    ("real1000", "1,000 real docs"),
    ("big1m", "1 MB doc"),
    ("big", "10 MB doc"),
]
KINDS = {
    "prfaq": "prfaq",
    "proselint": "prose linter",
    "write-good": "prose linter",
    "alex": "prose linter",
    "diction": "prose linter",
    "style": "readability",
    "textstat": "readability",
    "pr-faq-validator": "PR/FAQ scorer",
    "pr-faq-assistant": "PR/FAQ scorer",
}
ORDER = list(KINDS)


def load(results: str):
    """{case: {tool: (median_seconds, scaled, stddev)}}"""
    table: dict[str, dict[str, tuple[float, bool, float]]] = {}
    pending_scale = []
    for case, _ in CASES:
        path = os.path.join(results, f"{case}.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for r in data["results"]:
            name = r["command"]
            m = re.search(r"\[x(\d+)\]\s*$", name)
            tool = re.sub(r"\s*\[.*$", "", name).strip()
            codes = set(r.get("exit_codes") or [])
            if tool == "prfaq" and codes - {0, 1}:
                print(f"summarize: WARNING: prfaq exited {sorted(codes)} in case {case}: "
                      "usage or input error, its time is not meaningful", file=sys.stderr)
            elif codes & {126, 127}:
                print(f"summarize: WARNING: {tool} could not be run in case {case} "
                      f"(exit {sorted(codes)})", file=sys.stderr)
            times = r.get("times") or [r["median"]]
            med = statistics.median(times)
            if m:
                pending_scale.append((case, tool, med, int(m.group(1)), r.get("stddev") or 0.0))
            else:
                table.setdefault(case, {})[tool] = (med, False, r.get("stddev") or 0.0)
    for case, tool, med, n, sd in pending_scale:
        one = table.get("one", {}).get(tool)
        est = n * med - (n - 1) * one[0] if one else n * med
        table.setdefault(case, {})[tool] = (est, True, sd * n)
    return table


def fmt(v):
    if v is None:
        return "—"
    sec, scaled, _ = v
    s = f"{sec * 1000:.1f} ms" if sec < 0.1 else f"{sec:.2f} s"
    return s + ("*" if scaled else "")


def fastest(row: dict, kinds: set[str]):
    best = None
    for tool, v in row.items():
        if KINDS.get(tool) in kinds and (best is None or v[0] < best[1][0]):
            best = (tool, v)
    return best


def main() -> int:
    results = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "out", "results")
    table = load(results)
    if not table:
        print(f"summarize: no results in {results}", file=sys.stderr)
        return 2
    cases = [(c, label) for c, label in CASES if c in table]
    tools = [t for t in ORDER if any(t in table[c] for c, _ in cases)]
    tools += sorted({t for c, _ in cases for t in table[c]} - set(tools))

    out = []
    out.append("| tool | kind | " + " | ".join(label for _, label in cases) + " |")
    out.append("| --- | --- |" + " ---: |" * len(cases))
    if "prfaq" not in tools:
        tools.insert(0, "prfaq")
    for t in tools:
        if t == "prfaq" and all(t not in table[c] for c, _ in cases):
            cells = ["pending"] * len(cases)
        else:
            cells = [fmt(table[c].get(t)) for c, _ in cases]
        out.append(f"| {t} | {KINDS.get(t, '?')} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("Median wall time of the whole process (hyperfine). `*` = run on a 1/N subset and "
               "estimated as N × subset − (N − 1) × one-document time (one process start). "
               "`—` = not run for that case (too slow; see the notes).")
    out.append("")

    lines = []
    groups = [("prose linters", {"prose linter"}),
              ("readability tools", {"readability"}),
              ("PR/FAQ scorers", {"PR/FAQ scorer"})]
    for c, label in cases:
        row = table[c]
        p = row.get("prfaq")
        parts = []
        for gname, kinds in groups:
            best = fastest(row, kinds)
            if best is None:
                continue
            if p is None:
                parts.append(f"fastest {gname[:-1]}: {best[0]} {fmt(best[1])}")
            else:
                parts.append(f"{best[1][0] / p[0]:.1f}× vs {best[0]} (fastest {gname[:-1]})")
        lines.append(f"- {label}: " + ("prfaq pending; " if p is None else "prfaq ") + "; ".join(parts))
    out.append("Speed-up of prfaq (peer median ÷ prfaq median):")
    out.append("")
    out += lines
    out.append("")

    targets = []
    one = table.get("one", {}).get("prfaq")
    targets.append("- one document under 10 ms including process start: " + (
        "pending" if one is None else f"{fmt(one)} — {'met' if one[0] < 0.010 else 'NOT met'}"))
    s = table.get("set1000", {})
    if "prfaq" in s:
        for gname, kinds in groups:
            best = fastest(s, kinds)
            if best:
                x = best[1][0] / s["prfaq"][0]
                targets.append(f"- 1,000 documents ≥ 20× faster than the fastest {gname[:-1]} "
                               f"({best[0]}): {x:.1f}× — {'met' if x >= 20 else 'NOT met'}")
    else:
        targets.append("- 1,000 documents ≥ 20× faster than the fastest peer: pending")
    r = table.get("real1000", {})
    if "prfaq" in r:
        for peer, want in (("style", 2), ("write-good", 20)):
            if peer in r:
                x = r[peer][0] / r["prfaq"][0]
                targets.append(f"- 1,000 real documents ≥ {want}× faster than {peer}: "
                               f"{x:.1f}× — {'met' if x >= want else 'NOT met'}")
    else:
        targets.append("- 1,000 real documents against style and write-good: pending")
    b1, b10 = table.get("big1m", {}).get("prfaq"), table.get("big", {}).get("prfaq")
    if b1 and b10:
        targets.append(f"- near-linear: 10 MB / 1 MB time ratio {b10[0] / b1[0]:.1f} "
                       f"(10.0 is linear; includes process start)")
    else:
        targets.append("- near-linear (10 MB vs 1 MB): pending")
    out.append("Targets:")
    out.append("")
    out += targets

    text = "\n".join(out) + "\n"
    print(text)
    with open(os.path.join(results, "..", "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
