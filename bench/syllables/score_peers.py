#!/usr/bin/env python3
"""Score peer syllable counters on a word list from scripts/cmudict_words.py.

Usage: score_peers.py WORDS.tsv

Prints one line per counter: name<TAB>percent<TAB>right<TAB>total. A word is right when
the counter's result equals the syllable count of any of its pronunciations.

- textstat: textstat.syllable_count (the version installed, 0.7.3 in run.sh).
- naive: one syllable per group of adjacent vowels (a, e, i, o, u, y), minus one for a
  final e unless the word ends in "le" or "ee", at least one.
"""

import re
import sys

VOWEL_GROUP = re.compile(r"[aeiouy]+")


def naive(word):
    n = len(VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(1, n)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    words = []
    with open(argv[1], encoding="utf-8") as f:
        for line in f:
            word, counts = line.rstrip("\n").split("\t")
            words.append((word, {int(c) for c in counts.split(",")}))
    counters = [("naive vowel groups", naive)]
    try:
        from importlib.metadata import version

        import textstat

        # textstat's own __version__ is stale in 0.7.3; the package metadata is right.
        counters.insert(0, (f"textstat {version('textstat')}", textstat.syllable_count))
    except ImportError:
        sys.stderr.write("score_peers: textstat is not installed; skipping it\n")
    for name, count in counters:
        right = sum(1 for word, counts in words if count(word) in counts)
        print(f"{name}\t{100 * right / len(words):.2f}\t{right}\t{len(words)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
