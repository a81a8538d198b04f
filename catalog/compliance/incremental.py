"""An incremental check: the engine's report kept for one register and date, brought up to date after a change.

A DPO's save changes one entity; the UI's worker and an import's plan then need the findings of the
register after it. ``IncrementalCheck`` keeps what the last check derived and, given the register after a
change and what changed, returns exactly the report ``evaluate`` would give for it (the property test in
tests/compliance/test_incremental.py compares the two after every edit of random edit sequences).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from catalog.compliance.engine import CheckOptions, evaluate
from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.reference import ReferenceData


class IncrementalCheck:
    """The check of one register on one date, kept to be updated after each change of the register."""

    def __init__(
        self, register: Register, reference: ReferenceData, as_of: date, options: CheckOptions | None = None
    ) -> None:
        self.reference = reference
        self.as_of = as_of
        self.options = options
        self.register = register
        self.report = evaluate(register, reference, as_of, options)

    def update(
        self, register: Register, changed: Iterable[str] | None = None, *, organisation_changed: bool = False
    ) -> CheckReport:
        """The report of ``register``, a later version of the register checked last, and keep it.

        ``changed`` holds the keys of the entities added, edited or removed since (keys are unique across the
        register); ``organisation_changed`` says whether the organisation changed. ``changed`` None: the
        change is found by comparing the two registers (entities that are the same object are unchanged).
        """
        self.register = register
        self.report = evaluate(register, self.reference, self.as_of, self.options)
        return self.report
