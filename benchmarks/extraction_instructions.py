"""Instructions of extraction alone, under callgrind: the first 30 documents of
`extraction_speed.py`'s corpus, three passes after a warm-up.

Only the three passes are counted: they run inside `itertools.starmap`, whose C function
`starmap_next` nothing else on the way calls, so callgrind collects from its entry to its
exit (`exec`, the usual handle, is also entered by every dataclass at import):

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no \\
        --toggle-collect=starmap_next .venv/bin/python benchmarks/extraction_instructions.py en

`--none` runs the imports, the corpus and the warm-up only (a check: with collection from
the start, the full run minus this one equals the collected count within about 2 %).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction_speed import DCT, build_docs  # noqa: E402

from timeline.extract import extract  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lang", choices=("ar", "en"))
    parser.add_argument("--none", action="store_true", help="no timed passes")
    args = parser.parse_args(argv)
    docs = build_docs(args.lang, 1_000_000, 3000, 2024)[:30]
    for doc in docs[:3]:  # warm-up: grammar compilation, caches
        extract(doc, lang=args.lang, dct=DCT)

    def passes() -> None:
        for _ in range(3):
            for doc in docs:
                extract(doc, lang=args.lang, dct=DCT)

    # the collector runs wherever allocations cross its thresholds: a change that allocates a
    # little more or less moves a full collection (about 60 M instructions) in or out of the
    # passes, so they run without it (`extraction_speed.py`'s timings keep it)
    gc.collect()
    gc.disable()
    if not args.none:
        list(itertools.starmap(passes, [()]))  # the part callgrind collects
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
