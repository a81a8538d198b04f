"""What a Fides manifest cannot carry back, so a Fides merge leaves it as stored (docs/interop.md).

Fides states retention as free text and has no place for an activity's role as processor: the
import reads them as "undetermined" retention with the text as criteria, and role controller. On a
merge (``catalog import fides --mode merge``) the stored values of these fields are kept; a replace
takes the manifests as they are. A privacy declaration holds one legal basis, and a category listed
beside its parent comes back as the parent only: an activity's bases and categories read back agree
when each matches a stored one (else a conflict, kept as stored unless
``--prefer source``). Empty values and "unknown (…)" placeholders (a justification,
a source document, a legitimate interest Fides does not hold) keep the stored value on any merge.
"""

from __future__ import annotations

from catalog.domain.register import EntityKind
from catalog.importers.reconcile import Comparer, part_agrees

FIDES_NOT_CARRIED: dict[EntityKind, frozenset[str]] = {
    EntityKind.ACTIVITY: frozenset({"role", "retention"}),
}

FIDES_COARSE: dict[EntityKind, dict[str, Comparer]] = {
    EntityKind.ACTIVITY: {"legal_bases": part_agrees, "data_categories": part_agrees},
}
