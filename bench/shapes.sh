#!/usr/bin/env bash
# Documents of shapes that make Markdown parsers and checkers slow (long lists, nested
# quotes, many headings, table rows, deep emphasis, FAQ questions …), checked at growing
# sizes: a linear checker's time grows like the size.
#
#   bash bench/shapes.sh
#
# 1. The library on each shape of crates/prfaq_lint/tests/shapes at about 100 KB,
#    800 KB and 6.4 MB, the way `prfaq check` runs it and the way the workspace does
#    (with a memo): `cargo run --release -p prfaq_lint --example shapes`.
# 2. The whole `prfaq check` and `prfaq stats` process on a 120,000-item list and on
#    10 MB documents of four shapes, with hyperfine (3 runs each).
#
# Environment: PRFAQ=path (default target/release/prfaq), SCALES="1 8 64".
set -euo pipefail
ROOT="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
cd "$ROOT"
PRFAQ="${PRFAQ:-target/release/prfaq}"
SCALES="${SCALES:-1 8 64}"
OUT=bench/out/shapes
mkdir -p "$OUT"

cargo build --release -p prfaq -p prfaq_lint --example shapes
echo "== the library, as prfaq check runs it"
# shellcheck disable=SC2086
target/release/examples/shapes $SCALES
echo "== the library, as the workspace runs it (with a memo)"
# shellcheck disable=SC2086
target/release/examples/shapes $SCALES --memo

python3 - "$OUT" <<'PY'
import sys
out = sys.argv[1]
def write(name, head, line, size=10_000_000):
    parts, total, i = [head], len(head), 0
    while total < size:
        s = line(i)
        parts.append(s)
        total += len(s)
        i += 1
    open(f"{out}/{name}.md", "w").write("".join(parts))
lines = ["# Quick Reorder\n\n## Press release\n\n"] + [f"- item {i} is a thing\n" for i in range(120_000)]
open(f"{out}/list-120k.md", "w").write("".join(lines))
write("list-10mb", "# Quick Reorder\n\n## Press release\n\n", lambda i: f"- item {i} lets customers reorder in one tap\n", 9_900_000)
write("headings-10mb", "", lambda i: f"## Heading {i}\n\nSome text under heading {i}.\n\n", 9_900_000)
write("quotes-10mb", "# Quick Reorder\n\n## Press release\n\n", lambda i: ">" * (1 + i % 20) + f" quoted line {i}\n", 9_900_000)
write("questions-10mb", "# Quick Reorder\n\n## Press release\n\nCustomers reorder in one tap.\n\n## FAQ\n\n",
      lambda i: f"**Q: How does reorder number {i} work for customers?**\n\nA: It repeats order {i}.\n\n", 9_900_000)
PY
ls -l "$OUT"/*.md
for doc in list-120k list-10mb headings-10mb quotes-10mb questions-10mb; do
  hyperfine --runs 3 --ignore-failure \
    --export-markdown "$OUT/$doc.md.result" \
    "$PRFAQ check --format json $OUT/$doc.md > /dev/null" \
    "$PRFAQ stats $OUT/$doc.md > /dev/null"
done
