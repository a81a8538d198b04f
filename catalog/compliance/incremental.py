"""An incremental check: the engine's report kept for one register and date, brought up to date after a change.

A DPO's save changes one entity; the UI's worker and an import's plan then need the findings of the
register after it. ``IncrementalCheck`` keeps what the last check derived and, given the register after a
change, returns exactly the report ``evaluate`` would give for it (the property test in
tests/property/test_incremental.py compares the two after every edit of random edit sequences, on both
stores).

What is kept, and what invalidates it:

- **The walk** (``flows_kept.KeptFlows``): the derived hops, brought up to date where a change reaches.
- **Judged hops.** For every derived hop: the draft it was judged from (``flows.HopDraft``), what its
  data carries (``engine.Carried``), the TIA decision covering it, and the report's hop with the
  findings it raised. A hop is judged and worded again only when one of those inputs differs by value
  (a draft the walk kept is the same object: with the same categories and TIAs it is not looked at),
  when the name of a data category it carries changed, or when the check's options (the
  organisation's TIA policy) changed. Everything ``_HopScan.judged`` reads comes from these inputs,
  the reference data and the date, which are fixed for the life of the object: so a reused hop is the
  hop a full check would build.
- **Entry findings** per entity (its agreement, its reviews due, an activity's rules), from the same
  per-entity rules the full check's whole-register rules are made of (``_EntryFindings``). The facts to
  confirm, the unreached vendors' and the TIA-review findings are worked out again (each is cheap).

The report is assembled by the same ``engine.assemble_report`` as ``evaluate``'s, from the same parts in
the same order, so the deduplication and ordering of findings are the full check's by construction.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from operator import is_
from typing import Any, Generic, TypeVar

from catalog.compliance import rules
from catalog.compliance.engine import (
    Carried,
    CheckOptions,
    DataFacts,
    _HopScan,
    _unreached_findings,
    assemble_report,
    finding_order,
    hop_order,
    tia_limit,
)
from catalog.compliance.flows import HopDraft, UnreachedUnknown
from catalog.compliance.flows_kept import KeptFlows
from catalog.compliance.model import CheckReport, Finding, TransferHop
from catalog.compliance.textkey import text_key
from catalog.compliance.tias import TiaIndex, node_key
from catalog.domain.models import DataCategory, ProcessingActivity, Processor, Tia, TransferImpactAssessment
from catalog.domain.register import Entity, EntityKind, Register
from catalog.domain.reviews import policy_of
from catalog.kernel.gcpause import collector_paused
from catalog.reference import ReferenceData

_Keyed = TypeVar("_Keyed", DataCategory, Tia)
_Item = TypeVar("_Item", TransferHop, Finding)


@dataclass(slots=True)
class _Judged:
    """One hop as the last check judged it, with the inputs its judgement and wording read."""

    draft: HopDraft
    carried: Carried
    covering: TransferImpactAssessment | None
    hop: TransferHop
    findings: list[Finding]


class IncrementalCheck:
    """The check of one register on one date, kept to be updated after each change of the register."""

    def __init__(
        self, register: Register, reference: ReferenceData, as_of: date, options: CheckOptions | None = None
    ) -> None:
        self.reference = reference
        self.as_of = as_of
        self.options = options
        self.register = register
        self._judged: dict[str, _Judged] = {}
        self._names: Mapping[str, str] = {}
        self._chosen: CheckOptions | None = None
        self._entries = _EntryFindings(as_of)
        self._walked: KeptFlows | None = None
        self._categories: list[DataCategory] = []
        self._tias: list[Tia] = []
        # Kept while no category (or TIA) changes: the scan's facts about the data and its TIA index.
        self._data: tuple[DataFacts, Mapping[str, str]] | None = None
        self._tia_index: TiaIndex | None = None
        self._hop_order: _KeptOrder[TransferHop] = _KeptOrder(hop_order)
        self._finding_order: _KeptOrder[Finding] = _KeptOrder(finding_order)
        self._unreached: dict[str, tuple[UnreachedUnknown, list[Finding]]] = {}
        self.rejudged = 0
        """How many hops the last check judged anew (the others were reused); for tests and measurements."""
        self.report = self._check(register)

    def update(
        self, register: Register, changed: Iterable[str] | None = None, *, organisation_changed: bool = False
    ) -> CheckReport:
        """The report of ``register``, a later version of the register checked last, and keep it.

        ``changed`` holds the keys of the entities added, edited or removed since (keys are unique across the
        register): every other entity is taken as unchanged, even when it is another object with the same
        content (a register read or imported again). ``changed`` None: an entity is changed when it is another
        object than in the register checked last (a patched register keeps the objects it did not change).
        ``organisation_changed`` is a hint only: what the check reads of the organisation is compared.
        """
        self.register = register
        if changed is not None:
            changed = set(changed)
        self.report = self._check(register, changed)
        return self.report

    def _check(self, register: Register, changed: set[str] | None = None) -> CheckReport:
        # As in ``evaluate``: the scan allocates many acyclic objects, the cyclic collector would only slow it.
        with collector_paused():
            chosen = CheckOptions(tia_max_age_days=tia_limit(register, self.options))
            if self._walked is None:
                self._walked = KeptFlows(register, self.reference, self.as_of)
                flows = self._walked.flows(register)
            else:
                flows = self._walked.update(register, changed)
            kept = self._judged if chosen == self._chosen else {}
            if not kept:
                self._hop_order.forget()
            # What a hop's data carries comes from the category trees it carries, the TIA covering it from
            # the TIAs naming its importer and country: a draft the walk kept is looked at again only when
            # one of those changed (or a name it may show).
            same_categories = _same_objects(register.data_categories, self._categories, changed)
            same_tias = _same_objects(register.tias, self._tias, changed)
            regrown: frozenset[str] = frozenset()
            renamed: frozenset[str] = frozenset()
            if not same_categories:
                regrown = _trees_touched(self._categories, register.data_categories, changed)
                names = {category.key: category.name for category in register.data_categories}
                renamed = _renamed(self._names, names)
                self._names = names
            retold = set() if same_tias else _transfers_touched(self._tias, register.tias, changed)
            if not same_categories:
                self._data = None
            if not same_tias:
                self._tia_index = None
            scan: _HopScan | None = None  # built for the first hop to judge: most updates judge few
            judged: dict[str, _Judged] = {}
            rejudged = 0
            gone_hops: list[TransferHop] = []  # the report's hops replaced or gone, and the new ones
            new_hops: list[TransferHop] = []
            for key, draft in zip(self._walked.order, flows.hops, strict=True):
                old = kept.get(key)
                if (
                    old is not None
                    and old.draft is draft
                    and (
                        same_categories
                        or (regrown.isdisjoint(draft.categories) and (not renamed or _names_none_of(draft, renamed)))
                    )
                    and (same_tias or (node_key(draft.importer), draft.country) not in retold)
                ):
                    judged[key] = old
                    continue
                if scan is None:
                    scan = self._scan(register, chosen)
                carried = scan.carried(draft)
                covering = scan.covering(draft)
                if old is None or not _same_inputs(old, draft, carried, covering, renamed):
                    if old is not None:
                        gone_hops.append(old.hop)
                    hop, raised = scan.judged(draft)
                    old = _Judged(draft, carried, covering, hop, raised)
                    new_hops.append(hop)
                    rejudged += 1
                judged[key] = old
            gone_hops.extend(kept[key].hop for key in kept.keys() - judged.keys())
            self._judged, self._chosen, self.rejudged = judged, chosen, rejudged
            self._categories, self._tias = list(register.data_categories), list(register.tias)
            return assemble_report(
                register,
                self.as_of,
                flows,
                ((j.hop, j.findings) for j in judged.values()),
                self._entries.of(register, changed),
                ordered_hops=lambda hops: self._hop_order.patched(gone_hops, new_hops, hops),
                ordered_findings=self._finding_order.of,
                unreached_findings=self._unreached_findings,
            )

    def _unreached_findings(self, unreached: list[UnreachedUnknown]) -> list[Finding]:
        """As the full check's, each kept while the walk keeps its (unchanged) object."""
        kept, fresh, found = self._unreached, {}, []
        for entity in unreached:
            old = kept.get(entity.subject)
            if old is None or old[0] is not entity:
                old = (entity, list(_unreached_findings([entity])))
            fresh[entity.subject] = old
            found.extend(old[1])
        self._unreached = fresh
        return found

    def _scan(self, register: Register, chosen: CheckOptions) -> _HopScan:
        if self._data is None:
            categories = register.data_categories
            self._data = (DataFacts(categories), {category.key: category.name for category in categories})
        if self._tia_index is None:
            self._tia_index = TiaIndex(register.tias)
        return _HopScan(register.data_categories, self.reference, self.as_of, chosen, self._tia_index, self._data)


class _KeptOrder(Generic[_Item]):
    """A list kept in ``key`` order (keys unique) and patched: after an edit the few items gone or new are
    taken out of and put into the last order by bisection, instead of the whole list sorted again."""

    def __init__(self, key: Callable[[_Item], Any]) -> None:
        self._key: Callable[[_Item], Any] = key
        self._by_id: dict[str, _Item] = {}
        self._ordered: list[_Item] | None = None  # None: nothing kept, the next call sorts

    def of(self, by_id: dict[str, _Item]) -> list[_Item]:
        """The items of ``by_id`` (by their unique id) in key order; a new list each time."""
        before = self._by_id
        gone = [item for item_id, item in before.items() if by_id.get(item_id) is not item]
        new = [item for item_id, item in by_id.items() if before.get(item_id) is not item]
        self._by_id = by_id
        return self.patched(gone, new, by_id.values())

    def patched(self, gone: list[_Item], new: list[_Item], items: Collection[_Item]) -> list[_Item]:
        """``items`` in key order: the order kept, without ``gone`` and with ``new`` (every other item of
        ``items`` is in the kept order); a new list each time."""
        key = self._key
        ordered = self._ordered
        # Each insertion moves the list's tail: beyond a sixteenth of it, one sort is as quick.
        if ordered is None or len(gone) + len(new) > max(512, len(items) // 16):
            ordered = sorted(items, key=key)
        else:
            for item in gone:
                del ordered[bisect_left(ordered, key(item), key=key)]
            for item in new:
                insort(ordered, item, key=key)
        self._ordered = ordered
        return list(ordered)  # the report keeps its list: the kept one is patched next time

    def forget(self) -> None:
        self._by_id, self._ordered = {}, None


def _same_inputs(
    old: _Judged,
    draft: HopDraft,
    carried: Carried,
    covering: TransferImpactAssessment | None,
    renamed: frozenset[str],
) -> bool:
    """True when ``draft`` would be judged and worded as ``old`` was: equal inputs, equal words."""
    if not (old.carried == carried and old.covering == covering):
        return False
    before = old.draft
    if before is draft:  # the kept walk hands back the very draft when nothing it read changed
        return not renamed or _names_none_of(draft, renamed)
    if before != draft:
        return False
    # Register text compares by its main language only: the names a finding shows are compared whole.
    if not (
        _same_text(before.exporter_name, draft.exporter_name) and _same_text(before.importer_name, draft.importer_name)
    ):
        return False
    if before.unknown_because and _texts(before.unknown_because) != _texts(draft.unknown_because):
        return False
    if before.controllers_served and _texts(before.controllers_served) != _texts(draft.controllers_served):
        return False
    return not renamed or _names_none_of(draft, renamed)


def _names_none_of(draft: HopDraft, renamed: frozenset[str]) -> bool:
    """True when no finding about ``draft`` can name a category of ``renamed``."""
    named = (draft.categories, draft.processor_categories, draft.location_unknown_categories)
    return all(renamed.isdisjoint(keys) for keys in named)


def _same_text(before: str, after: str) -> bool:
    # The same object when the entity is unchanged: most hops are decided without looking inside.
    return before is after or text_key(before) == text_key(after)


def _same_objects(after: list[_Keyed], before: list[_Keyed], changed: set[str] | None) -> bool:
    """True when none of ``after`` is named in ``changed`` (nor gone since ``before``); without ``changed``,
    when ``after`` holds the very objects of ``before``, in order."""
    if changed is not None:
        return not changed or (
            all(item.key not in changed for item in after) and all(item.key not in changed for item in before)
        )
    return len(after) == len(before) and all(map(is_, after, before))


def _trees_touched(before: list[DataCategory], after: list[DataCategory], changed: set[str] | None) -> frozenset[str]:
    """Every category in a tree (before or after) holding a changed category: what a category carries
    is inherited down from its ancestors and gathered up from its descendants, so the whole tree counts."""
    old = {category.key: category for category in before}
    new = {category.key: category for category in after}
    every = old.keys() | new.keys()
    touched = changed & every if changed is not None else {key for key in every if old.get(key) is not new.get(key)}
    found: set[str] = set()
    for tree in (old, new):
        children: dict[str, list[str]] = {}
        for category in tree.values():
            if category.parent is not None:
                children.setdefault(category.parent, []).append(category.key)
        for key in touched:
            root, seen = key, {key}
            while (above := tree[root].parent if root in tree else None) is not None and above not in seen:
                seen.add(above)
                root = above
            stack = [root, *seen]
            while stack:
                node = stack.pop()
                if node not in found:
                    found.add(node)
                    stack.extend(children.get(node, ()))
    return frozenset(found)


def _transfers_touched(before: list[Tia], after: list[Tia], changed: set[str] | None) -> set[tuple[str, str]]:
    """The (importer, country) pairs a changed, added or removed TIA names, before or after."""
    old = {tia.key: tia for tia in before}
    new = {tia.key: tia for tia in after}
    found: set[tuple[str, str]] = set()
    for key in old.keys() | new.keys():
        if (key not in changed) if changed is not None else (old.get(key) is new.get(key)):
            continue
        for version in (old.get(key), new.get(key)):
            if version is not None:
                found.update((covered.importer, covered.country) for covered in version.transfers)
    return found


def _renamed(before: Mapping[str, str], after: Mapping[str, str]) -> frozenset[str]:
    """The data categories whose name (in any language) differs, or that were added or removed."""
    if before is after:
        return frozenset()
    return frozenset(
        key
        for key in before.keys() | after.keys()
        if before.get(key) is not after.get(key) and text_key(before.get(key)) != text_key(after.get(key))
    )


def _texts(values: Iterable[str]) -> list[str]:
    return sorted(repr(text_key(value)) for value in values)


class _EntryFindings:
    """The findings about the register's entries themselves, kept per entity.

    Each entity's findings are those of ``rules``' per-entity functions, which the full check's
    whole-register rules are made of: its agreement, its reviews due, an activity's rules. They read the
    entity, the day, the review policy's interval and (for activities) which categories are special; an
    entity's are worked out again when it is another object than last time (a patched register keeps the
    objects of the entities it did not change), when its key is among those named as changed, or when
    what they read besides changed. The organisation's own review is worked out again each time. The facts
    to confirm are kept while the organisation is the same object and no changed entity holds a recorded
    fact (before or after) or is named by one (its name is shown).
    """

    def __init__(self, day: date) -> None:
        self._day = day
        self._kinds: dict[EntityKind, _KindFindings] = {}
        self._months: int | None = None
        self._special: frozenset[str] | None = None
        self._organisation: object = None
        self._facts: list[Finding] | None = None
        self._fact_keys: frozenset[str] = frozenset()

    def of(self, register: Register, changed: set[str] | None) -> list[Finding]:
        day = self._day
        months = policy_of(register.organisation).entry_months
        special = rules.special_category_keys(register.data_categories)
        rule_words = rules.review_rule_words(months)
        reviews_stale = months != self._months
        activities_stale = special != self._special
        # An activity's rules read only whether its own categories are special: those it names that
        # became or stopped being special (all when nothing was kept).
        flipped = None if self._special is None else special ^ self._special
        found: list[Finding] = []
        facts_stale = (
            changed is None
            or self._facts is None
            or register.organisation is not self._organisation
            or not changed.isdisjoint(self._fact_keys)
        )
        for kind in EntityKind:
            entities: list[Entity] = getattr(register, kind.value)
            kept = self._kinds.get(kind)
            stale = reviews_stale or (activities_stale and kind is EntityKind.ACTIVITY)
            if kept is not None and not stale and _same_entities(entities, kept, changed):
                found.extend(kept.findings)  # most kinds are untouched by one edit
                continue
            by_key = kept.by_key if kept is not None else {}
            fresh: dict[str, tuple[Entity, list[Finding]]] = {}
            of_kind: list[Finding] = []
            for entity in entities:
                key = entity.key
                old = by_key.get(key)
                if (
                    old is None
                    or ((key in changed) if changed is not None else (old[0] is not entity))
                    or (
                        stale
                        and (
                            (reviews_stale and (kind is EntityKind.ACTIVITY or entity.last_reviewed_on is not None))
                            or (
                                activities_stale
                                and isinstance(entity, ProcessingActivity)
                                and (flipped is None or not flipped.isdisjoint(entity.data_categories))
                            )
                        )
                    )
                ):
                    old = (entity, list(_entity_findings(kind, entity, day, months, rule_words, special)))
                    facts_stale = facts_stale or bool(entity.provenance)
                fresh[key] = old
                if old[1]:
                    of_kind.extend(old[1])
            self._kinds[kind] = _KindFindings(list(entities), fresh, of_kind)
            found.extend(of_kind)
        subject, label, last = rules.organisation_review_entry(register.organisation)
        found.extend(rules.entry_review_due(subject, label, last, day, months, rule_words))
        if facts_stale or self._facts is None:
            self._facts = list(rules.facts_to_confirm(register))
            self._fact_keys = _fact_keys(register)
            self._organisation = register.organisation
        found.extend(self._facts)
        self._months, self._special = months, special
        return found


def _fact_keys(register: Register) -> frozenset[str]:
    """The keys whose change may change the facts to confirm: every entity holding a recorded fact, and
    every value a fact records or its field holds (a referenced entry is shown by its name)."""
    keys: set[str] = set()
    holders: list[tuple[str | None, Any]] = [(None, register.organisation)]
    holders.extend((entity.key, entity) for _, entity in register.all_entities() if entity.provenance)
    for key, holder in holders:
        if key is not None:
            keys.add(key)
        for entry in holder.provenance:
            if entry.value:
                keys.add(entry.value)
            single = getattr(holder, entry.field, None)
            if isinstance(single, str):
                keys.add(single)
    return frozenset(keys)


@dataclass(slots=True)
class _KindFindings:
    """The entities of one kind as last checked, each with its findings, and all of them in a row."""

    entities: list[Entity]
    by_key: dict[str, tuple[Entity, list[Finding]]]
    findings: list[Finding]


def _same_entities(entities: list[Entity], kept: _KindFindings, changed: set[str] | None) -> bool:
    """True when none of ``entities`` is named in ``changed`` and none is added or gone; without ``changed``,
    when they are the very objects last checked, in order."""
    before = kept.entities
    if len(entities) != len(before):
        return False
    if changed is not None:
        return changed.isdisjoint(kept.by_key)
    return all(map(is_, entities, before))


def _entity_findings(
    kind: EntityKind, entity: Entity, day: date, months: int, rule_words: str, special: frozenset[str]
) -> Iterator[Finding]:
    """One entity's findings about itself, from the same rules as the full check's ``_entry_findings``."""
    if isinstance(entity, Processor):
        yield from rules.processor_without_dpa(entity)
        yield from rules.processor_reviews_due(entity, day)
    elif isinstance(entity, ProcessingActivity):
        yield from rules.activity_rules(entity, special)
    if entity.last_reviewed_on is not None:
        subject, label, last = rules.review_entry(kind, entity)
        yield from rules.entry_review_due(subject, label, last, day, months, rule_words)
