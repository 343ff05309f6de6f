#!/usr/bin/env python3
"""Write the VADER study's Amazon review snippets as a file for the evidence tests.

Usage: review_snippets.py SDIST OUTPUT

SDIST is the ``vaderSentiment`` source distribution from PyPI (``pip download
vaderSentiment==3.3.2 --no-deps --no-binary :all:``), which ships the study's data in
``additional_resources/hutto_ICWSM_2014.tar.gz`` (MIT licence). The file written is that
archive's ``amazonReviewSnippets_GroundTruth.txt`` unchanged: 3,708 lines of
``review_sentence<TAB>mean rating<TAB>sentence``. prfaq_evidence's test
``tests/real_reviews.rs`` reads it from the path in ``PRFAQ_REVIEW_SNIPPETS``.
"""

import io
import sys
import tarfile

MEMBER = "amazonReviewSnippets_GroundTruth.txt"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    sdist, output = sys.argv[1], sys.argv[2]
    with tarfile.open(sdist) as outer:
        inner_info = next(
            m for m in outer.getmembers() if m.name.endswith("additional_resources/hutto_ICWSM_2014.tar.gz")
        )
        inner_bytes = outer.extractfile(inner_info).read()
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as inner:
        member = next(m for m in inner.getmembers() if m.name.endswith(MEMBER))
        data = inner.extractfile(member).read()
    with open(output, "wb") as out:
        out.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
