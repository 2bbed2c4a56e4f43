"""The tagger's sense check of a candidate (does it resolve at all?), its answers kept for
the real resolution."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from timeline.resolved import Resolved
from timeline.resolver import resolve
from timeline.tagger import Candidate

# a reference date to check that a candidate resolves at all when the client gave none
PROBE_DCT = datetime(2000, 1, 1)
_PROBE_TENSE = "past"


class SenseCheck:
    """The tagger's sense check (does a candidate resolve at all?), with each answer kept.

    Most candidates are then resolved for real against the same reference date and tense;
    while a candidate's kind and fields are still those checked (modifiers and merges change
    them), the checked resolution is the real one and is not computed twice.
    """

    def __init__(self, probe: datetime) -> None:
        self.probe = probe
        self._checked: dict[int, tuple[Candidate, str, dict[str, Any], Resolved | None]] = {}

    def __call__(self, cand: Candidate) -> bool:
        res = resolve(cand.kind, cand.fields, self.probe, _PROBE_TENSE)
        # the candidate is kept with its answer, so that its id is not reused meanwhile
        self._checked[id(cand)] = (cand, cand.kind, dict(cand.fields), res)
        return res is not None

    def resolve(self, cand: Candidate, dct: datetime | None, tense: str) -> Resolved | None:
        """`resolve(cand.kind, cand.fields, dct, tense)`, the checked answer when it is one."""
        checked = self._checked.get(id(cand))
        if checked is not None and checked[0] is cand and dct == self.probe \
                and tense == _PROBE_TENSE and checked[1] == cand.kind \
                and checked[2] == cand.fields:
            return checked[3]
        return resolve(cand.kind, cand.fields, dct, tense)
