"""The rule index's prefix sets, kept on disk from one process to the next.

Reading every rule pattern for the texts its matches can begin with (`prefilter.prefixes`)
is most of a process's first extraction: about 1.3 of 2.3 seconds for English, paid again by
every `timeline extract` run. The sets depend only on the pattern texts and on the code that
reads them, so a file named by a hash of both keeps them: a changed rule, lexicon or reader
gives another name, never a stale set. The file is JSON (data, nothing to execute), written
whole under a temporary name and renamed, so that two processes never see half a file.

`$TIMELINE_CACHE_DIR` names the folder (default `$XDG_CACHE_HOME/timeline`, else
`~/.cache/timeline`); set empty, nothing is read or written. A folder that cannot be written
only costs the time the cache would have saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

CACHE_ENV = "TIMELINE_CACHE_DIR"
_KEEP = 16  # prefix files kept in the folder (a rule edit leaves the last version's behind)

Source = tuple[str, int]  # a pattern's text and its flags
Found = set[str] | None


def cached_prefixes(sources: list[Source], compute: Callable[[str, int], Found],
                    reader: Path) -> list[Found]:
    """`compute(text, flags)` for each of `sources`, from the cache file when it has them.
    `reader` is the source file of the code behind `compute`: a new version of it is another
    cache entry."""
    path = _path(sources, reader)
    if path is not None:
        found = _load(path, len(sources))
        if found is not None:
            return found
    found = [compute(text, flags) for text, flags in sources]
    if path is not None:
        _save(path, found)
    return found


def cache_dir() -> Path | None:
    """The cache folder, or None when `$TIMELINE_CACHE_DIR` is set empty or there is no
    home folder to put it in."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home == "~":  # no home to be found (no $HOME, no passwd entry): no cache
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "timeline"


def _path(sources: list[Source], reader: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256()
    try:
        digest.update(reader.read_bytes())
    except OSError:
        return None
    # the regex parser the reader walks changes with Python's minor version
    digest.update(repr(sys.version_info[:2]).encode())
    digest.update(json.dumps(sources, ensure_ascii=False).encode("utf-8"))
    return folder / f"prefixes-{digest.hexdigest()[:24]}.json"


def _load(path: Path, count: int) -> list[Found] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # absent, unreadable or damaged: computed anew (and rewritten)
    if not isinstance(data, list) or len(data) != count or not all(
            item is None or (isinstance(item, list) and all(isinstance(s, str) for s in item))
            for item in data):
        return None
    return [None if item is None else set(item) for item in data]


def _save(path: Path, found: list[Found]) -> None:
    data = [None if item is None else sorted(item) for item in found]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         prefix=".prefixes-", delete=False) as out:
            try:
                json.dump(data, out, ensure_ascii=False)
            except OSError:
                out.close()
                os.unlink(out.name)  # a full disk: no half file left behind
                raise
        os.replace(out.name, path)
        _prune(path.parent)
    except OSError:
        pass  # a read-only or full disk: the next process computes the sets again


def _prune(folder: Path) -> None:
    """Only the `_KEEP` most recently written prefix files stay."""
    files = sorted(folder.glob("prefixes-*.json"), key=lambda p: p.stat().st_mtime,
                   reverse=True)
    for old in files[_KEEP:]:
        old.unlink(missing_ok=True)
