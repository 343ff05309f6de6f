#!/usr/bin/env python3
"""Write the ~1,500-word PR/FAQ the web benchmarks use, and its JSON forms.

The document is examples/quick-reorder.md (a complete, clean PR/FAQ of ~700 words) with
more internal FAQ questions and answers inserted before "# User journey", until it has at
least 1,500 words. Deterministic: no randomness, the same bytes on every machine.

Usage: python3 bench/lib/doc1500.py ROOT OUTDIR
Writes OUTDIR/doc1500.md (the Markdown), OUTDIR/doc1500.create.json (the body of
POST /api/workspaces/{ws}/documents), OUTDIR/doc1500.check.json (the body of
POST /api/check) and OUTDIR/doc1500.text.json (the text as the inside of a JSON string,
for the load script to splice into save bodies). Prints the word count.
"""

import json
import os
import sys

TOPICS = [
    ("the warehouse team", "pick lists", "Tuesday", "9%"),
    ("the delivery drivers", "route plans", "Monday", "6%"),
    ("customer support", "refund requests", "Wednesday", "4%"),
    ("the catalog team", "substitute rules", "Thursday", "11%"),
    ("store managers", "stock counts", "Friday", "7%"),
    ("the payments team", "saved carts", "Saturday", "3%"),
    ("the mobile team", "home screen slots", "Sunday", "5%"),
    ("finance", "delivery fees", "Monday", "8%"),
    ("the data team", "weekly reports", "Tuesday", "10%"),
    ("legal", "privacy notices", "Wednesday", "2%"),
    ("marketing", "launch emails", "Thursday", "12%"),
    ("the pricing team", "price alerts", "Friday", "6%"),
]


def question(i, who, what, day, share):
    return (
        f"### What changes for {who}?\n\n"
        f"{who[0].upper() + who[1:]} see reorders arrive in the same shape every week, so "
        f"their {what} settle into a steady pattern. In the pilot with 300 families, "
        f"{share} of weekly orders moved to {day} evening, and {who} asked for the "
        f"forecast two days earlier. We send it every {day} at noon, with the expected "
        f"number of reorders per store and the items most often swapped. If the forecast "
        f"is off by more than a tenth for two weeks in a row, the owner of question {i + 1} "
        f"in this list reviews the model with {who} and writes down what changed.\n"
    )


def main():
    root, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, "examples", "quick-reorder.md"), encoding="utf-8") as f:
        base = f.read()
    head, tail = base.split("# User journey", 1)
    extra = []
    i = 0
    while len((head + "".join(extra) + tail).split()) < 1500:
        who, what, day, share = TOPICS[i % len(TOPICS)]
        if i >= len(TOPICS):
            who = f"{who} in the second region"
        extra.append(question(i, who, what, day, share) + "\n")
        i += 1
    text = head + "".join(extra) + "# User journey" + tail
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "doc1500.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(out, "doc1500.create.json"), "w", encoding="utf-8") as f:
        json.dump({"title": "Quick Reorder (1,500 words)", "text": text}, f)
    with open(os.path.join(out, "doc1500.check.json"), "w", encoding="utf-8") as f:
        json.dump({"text": text}, f)
    with open(os.path.join(out, "doc1500.text.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(text)[1:-1])
    print(len(text.split()))


if __name__ == "__main__":
    main()
