"""The walk of ``flows.derive_flows`` kept between checks and derived again only where a change reaches it.

``derive_flows`` walks every activity and the whole sub-processor graph. After a change of one entity
most of that walk is the same; ``KeptFlows`` keeps what it found, with the indexes that say which hops
an entity feeds, and derives again only:

- the controller's hops to the importers a changed entity feeds (the operators of the systems a changed
  activity uses, before and after; a changed system's operator or the system itself when run in-house;
  a changed processor; a changed activity's recipients), by the same ``_controller_hops`` over every
  activity that reaches those importers, in key order, as ``derive_flows`` does; that also gives those
  operators' entries into the processor graph (the data, the activities and the evidence path);
- for the processors whose entries or engagements changed and everything below them in the sub-processor
  graph (before and after the change): their evidence path and what reaches them. Nothing above or beside
  them depends on them. The evidence path is the breadth-first search's: the search visits processors in
  the order of (distance, the entry's key, then the position of each step in its exporter's sorted
  engagements), so each processor's first parent is found from its parents' keys alone, the nodes outside
  the changed part keeping theirs;
- the onward hops from those processors and from the processors engaging a changed one, by the same
  ``_onward_hops``.

A change of our name or country derives our hops again (the sub-processor part does not read them). The
result is ``derive_flows``'s: the property test (tests/property/test_incremental.py) compares after every
random edit.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from datetime import date
from operator import is_
from typing import Any, TypeVar

from catalog.compliance.flows import (
    Flows,
    HopDraft,
    UnreachedUnknown,
    _controller_hops,
    _Locator,
    _onward_hops,
    _Reach,
    _Reached,
    _strongly_connected,
    _unreached_unknown,
    _Walk,
)
from catalog.compliance.textkey import text_key
from catalog.domain.models import Organisation, ProcessingActivity, Processor, Recipient, SubProcessorEngagement, System
from catalog.domain.register import Register
from catalog.reference import ReferenceData

_E = TypeVar("_E", ProcessingActivity, System, Processor, Recipient)
_Rank = tuple[int, tuple[Any, ...]]
"""Where the breadth-first search visits a processor: its distance, then its entry's key and the position of
each step below it (a tuple of a str and ints)."""


class _KeyReach(_Reach):
    """What reaches each processor as sets of keys (not ranks), sorted once per shared set."""

    def __init__(self, reach: dict[str, frozenset[str]]) -> None:
        super().__init__((), {})
        self._keys = reach
        self._sorted_keys: dict[int, tuple[str, ...]] = {}

    def sorted_for(self, processor_key: str) -> tuple[str, ...]:
        keys = self._keys[processor_key]
        found = self._sorted_keys.get(id(keys))
        if found is None:
            found = self._sorted_keys[id(keys)] = tuple(sorted(keys))
        return found


class KeptFlows:
    """``derive_flows`` of one register on one day, kept and brought up to date after each change."""

    _organisation: Organisation
    _activities: dict[str, ProcessingActivity]
    _systems: dict[str, System]
    _processors: dict[str, Processor]
    _recipients: dict[str, Recipient]
    _engagements: dict[str, list[SubProcessorEngagement]]
    _positions: dict[str, dict[str, int]]
    _using_system: dict[str, set[str]]  # system -> activities using it
    _disclosing: dict[str, set[str]]  # recipient -> activities disclosing to it
    _operated_by: dict[str, set[str]]  # processor -> systems it operates
    _engagers: dict[str, set[str]]  # processor -> processors engaging it
    _lists: dict[str, list[Any]]  # each kind's entities as last seen, to find an untouched kind at once
    _hops: dict[str, HopDraft]
    _order: list[str]  # the hops' keys, sorted
    _added: set[str]  # hops derived since the order was last brought up to date
    _removed: set[str]
    _unreached: dict[str, UnreachedUnknown]  # by subject: unknown places no flow reaches
    _controller_hops: dict[str, list[str]]  # importer node -> its controller hops' keys
    _onward_hops: dict[str, list[str]]  # exporter key -> its onward hops' keys
    _direct: dict[str, tuple[frozenset[str], frozenset[str], list[str]]]
    _rank: dict[str, _Rank]
    _path: dict[str, list[str]]
    _reach: dict[str, tuple[frozenset[str], frozenset[str]]]

    def __init__(self, register: Register, reference: ReferenceData, day: date) -> None:
        self._reference = reference
        self._day = day
        self._build(register)

    def update(self, register: Register, changed: set[str] | None = None) -> Flows:
        """The flows of ``register``, a later version of the one kept.

        ``changed``: the keys of the entities added, edited or removed; every other entity is taken as
        unchanged, even when it is another object (a register read again). None: an entity is changed
        when it is another object than last time.
        """
        organisation = register.organisation
        # Our name and country are on every hop from us, and on nothing else the walk derives.
        controller_changed = organisation is not self._organisation and not _same_controller(
            organisation, self._organisation
        )
        self._organisation = organisation
        lists = self._lists
        activities = _diff(self._activities, register.activities, changed, lists.get("activities"))
        systems = _diff(self._systems, register.systems, changed, lists.get("systems"))
        processors = _diff(self._processors, register.processors, changed, lists.get("processors"))
        recipients = _diff(self._recipients, register.recipients, changed, lists.get("recipients"))
        for name in ("activities", "systems", "processors", "recipients"):
            lists[name] = list(getattr(register, name))
        if not (activities or systems or processors or recipients or controller_changed):
            return self.flows(register)
        old_engagements = {key: old.sub_processors for key, old, _ in processors if old is not None}
        self._apply(activities, systems, processors, recipients)

        to_processors: set[str] = set()
        to_systems: set[str] = set()
        to_recipients: set[str] = set()
        old_systems = {key: old for key, old, _ in systems if old is not None}

        def fed_by(system_key: str) -> None:
            for version in (self._systems.get(system_key), old_systems.get(system_key)):
                if version is None:
                    continue
                if version.operator is None:
                    to_systems.add(system_key)
                else:
                    to_processors.add(version.operator)

        for _, old_activity, new_activity in activities:
            for activity in (old_activity, new_activity):
                if activity is not None:
                    for system_key in activity.systems:
                        fed_by(system_key)
                    to_recipients.update(activity.recipients)
        for key, _, _ in systems:
            fed_by(key)
        for key, _, _ in recipients:
            to_recipients.add(key)
        exporters: set[str] = set()
        for key, _, _ in processors:
            to_processors.add(key)
            exporters |= self._engagers.get(key, set())  # their onward hops name it (a removed one has none)
        below = self._below(to_processors, old_engagements)
        unreached = to_processors | below, set(to_systems)
        if controller_changed:
            to_processors, to_systems, to_recipients = set(self._processors), set(self._systems), set(self._recipients)
        self._controller_side(to_processors, to_systems, to_recipients)
        self._paths_and_reach(below)
        self._onward_side(exporters | below)
        self._unreached_side(*unreached)
        return self.flows(register)

    @property
    def order(self) -> list[str]:
        """The keys of the hops ``flows`` returned last, in its order (the hops' ids)."""
        return self._order

    def flows(self, register: Register) -> Flows:
        """The kept hops in ``derive_flows``'s order, and the unknown places no flow reaches."""
        order = self._order
        if self._added != self._removed:  # most changes derive the same hops again: the order stands
            gone, new = self._removed - self._added, self._added - self._removed
            if len(gone) + len(new) > 64:
                order[:] = sorted(self._hops)
            else:
                for key in gone:
                    del order[bisect_left(order, key)]
                for key in new:
                    insort(order, key)
        self._added, self._removed = set(), set()
        hops, unreached = self._hops, self._unreached
        return Flows(hops=[hops[key] for key in order], unreached_unknown=[unreached[key] for key in sorted(unreached)])

    # --- Building and indexing -----------------------------------------------------------------------

    def _build(self, register: Register) -> None:
        self._organisation = register.organisation
        self._locator = _Locator(self._reference, self._day)
        self._activities = {}
        self._systems = {}
        self._processors = {}
        self._recipients = {}
        self._engagements = {}
        self._positions = {}
        self._using_system = {}
        self._disclosing = {}
        self._operated_by = {}
        self._engagers = {}
        self._lists = {}
        self._hops = {}
        self._order = []
        self._added = set()
        self._removed = set()
        self._unreached = {}
        self._controller_hops = {}
        self._onward_hops = {}
        self._direct = {}
        self._rank = {}
        self._path = {}
        self._reach = {}
        self._apply(
            [(a.key, None, a) for a in register.activities],
            [(s.key, None, s) for s in register.systems],
            [(p.key, None, p) for p in register.processors],
            [(r.key, None, r) for r in register.recipients],
        )
        everyone = set(self._processors)
        self._controller_side(everyone, set(self._systems), set(self._recipients))
        self._paths_and_reach(everyone)
        self._onward_side(everyone)
        self._unreached_side(everyone, set(self._systems))

    def _apply(
        self,
        activities: list[tuple[str, ProcessingActivity | None, ProcessingActivity | None]],
        systems: list[tuple[str, System | None, System | None]],
        processors: list[tuple[str, Processor | None, Processor | None]],
        recipients: list[tuple[str, Recipient | None, Recipient | None]],
    ) -> None:
        """Take the changed entities in, and move them in the indexes."""
        for key, old_activity, new_activity in activities:
            for activity, add in ((old_activity, False), (new_activity, True)):
                if activity is not None:
                    for system_key in set(activity.systems):
                        _mark(self._using_system, system_key, key, add)
                    for recipient_key in set(activity.recipients):
                        _mark(self._disclosing, recipient_key, key, add)
            _put(self._activities, key, new_activity)
        for key, old_system, new_system in systems:
            for system, add in ((old_system, False), (new_system, True)):
                if system is not None and system.operator is not None:
                    _mark(self._operated_by, system.operator, key, add)
            _put(self._systems, key, new_system)
        for key, old_processor, new_processor in processors:
            for processor, add in ((old_processor, False), (new_processor, True)):
                if processor is not None:
                    for engagement in processor.sub_processors:
                        _mark(self._engagers, engagement.processor, key, add)
            _put(self._processors, key, new_processor)
            self._positions.pop(key, None)
            if new_processor is None:
                self._engagements.pop(key, None)
            else:
                self._engagements[key] = sorted(new_processor.sub_processors, key=lambda e: e.processor)
        for key, _, new_recipient in recipients:
            _put(self._recipients, key, new_recipient)

    def _below(self, changed: set[str], old_engagements: dict[str, list[SubProcessorEngagement]]) -> set[str]:
        """``changed`` and every processor below one of them, before or after the change."""
        found = set(changed)
        stack = list(changed)
        while stack:
            key = stack.pop()
            subs = [e.processor for e in self._engagements.get(key, ())]
            subs.extend(e.processor for e in old_engagements.get(key, ()))
            for sub in subs:
                if sub not in found:
                    found.add(sub)
                    stack.append(sub)
        return found

    # --- Deriving again --------------------------------------------------------------------------------

    def _walk(self) -> _Walk:
        locator = self._locator
        return _Walk(
            locator,
            self._organisation.name,
            locator.in_eea(self._organisation.address.country) is not False,
            self._systems,
            self._processors,
            self._recipients,
        )

    def _controller_side(self, to_processors: set[str], to_systems: set[str], to_recipients: set[str]) -> None:
        """Our hops to these importers, and the entries of these processors, from every activity reaching them."""
        nodes = (
            {f"processor:{key}" for key in to_processors}
            | {f"system:{key}" for key in to_systems}
            | {f"recipient:{key}" for key in to_recipients}
        )
        for node in nodes:
            for hop_key in self._controller_hops.pop(node, ()):
                del self._hops[hop_key]
                self._removed.add(hop_key)
        reaching: set[str] = set()
        for processor_key in to_processors:
            for system_key in self._operated_by.get(processor_key, ()):
                reaching |= self._using_system.get(system_key, set())
        for system_key in to_systems:
            reaching |= self._using_system.get(system_key, set())
        for recipient_key in to_recipients:
            reaching |= self._disclosing.get(recipient_key, set())
        activities = sorted((self._activities[key] for key in reaching), key=lambda a: a.key)
        walk = self._walk()
        entries = _controller_hops(walk, activities)
        for hop_key, draft in walk.hops.items():
            if draft.importer in nodes:
                self._hops[hop_key] = draft
                self._added.add(hop_key)
                self._controller_hops.setdefault(draft.importer, []).append(hop_key)
        categories, names = entries.categories, entries.category_names
        for processor_key in to_processors:
            arriving = categories.get(processor_key)
            if arriving is None:
                self._direct.pop(processor_key, None)
                continue
            self._direct[processor_key] = (
                frozenset(names[rank] for rank in arriving),
                frozenset(entries.activity_names[rank] for rank in entries.activities[processor_key]),
                entries.path[processor_key],
            )

    def _position(self, exporter: str, sub: str) -> int:
        """Where ``sub`` first comes in ``exporter``'s sorted engagements (the search's order among siblings)."""
        positions = self._positions.get(exporter)
        if positions is None:
            positions = self._positions[exporter] = {}
            for index, engagement in enumerate(self._engagements[exporter]):
                positions.setdefault(engagement.processor, index)
        return positions[sub]

    def _paths_and_reach(self, below: set[str]) -> None:
        """The evidence path and what reaches each processor of ``below`` (closed downwards), from its entries
        and the processors above it, whose paths and reach are kept."""
        rank, path, reach, direct = self._rank, self._path, self._reach, self._direct
        for key in below:
            rank.pop(key, None)
            path.pop(key, None)
            reach.pop(key, None)
        live = [key for key in below if key in self._processors]
        heap: list[tuple[int, tuple[Any, ...], str, str | None]] = []
        for key in live:
            if key in direct:
                heap.append((0, (key,), key, None))
            for above in self._engagers.get(key, ()):
                if above not in below and above in rank:
                    distance, steps = rank[above]
                    heap.append((distance + 1, (*steps, self._position(above, key)), key, above))
        heapq.heapify(heap)
        while heap:
            distance, steps, key, parent = heapq.heappop(heap)
            if key in rank:
                continue
            rank[key] = (distance, steps)
            path[key] = direct[key][2] if parent is None else [*path[parent], f"processor:{key}"]
            for engagement in self._engagements[key]:
                sub = engagement.processor
                if sub in below and sub not in rank:
                    heapq.heappush(heap, (distance + 1, (*steps, self._position(key, sub)), sub, key))
        reached = [key for key in live if key in rank]
        inside = set(reached)
        successors = {key: [e.processor for e in self._engagements[key] if e.processor in inside] for key in reached}
        components = _strongly_connected(reached, successors)
        component_of = {key: index for index, members in enumerate(components) for key in members}
        inputs: dict[int, list[tuple[frozenset[str], frozenset[str]]]] = {}
        empty: frozenset[str] = frozenset()
        for index in range(len(components) - 1, -1, -1):  # Tarjan's order reversed: upstream first
            members = components[index]
            arriving = inputs.pop(index, [])
            for member in members:
                if member in direct:
                    arriving.append((direct[member][0], direct[member][1]))
                for above in self._engagers.get(member, ()):
                    if above not in below and above in reach:
                        arriving.append(reach[above])
            together = (
                _union_keys([a for a, _ in arriving]) if arriving else empty,
                _union_keys([b for _, b in arriving]) if arriving else empty,
            )
            downstream: set[int] = set()
            for member in members:
                reach[member] = together
                for sub in successors[member]:
                    target = component_of[sub]
                    if target != index:
                        downstream.add(target)
            for target in downstream:
                inputs.setdefault(target, []).append(together)

    def _unreached_side(self, processors: set[str], systems: set[str]) -> None:
        """Whether each of these processors and in-house systems is an unknown place no flow reaches, by
        ``flows._unreached_unknown`` on just the entity (with a processor's systems)."""
        unreached = self._unreached
        for key in processors:
            unreached.pop(f"processor:{key}", None)
            processor = self._processors.get(key)
            if processor is None:
                continue
            operated = sorted((self._systems[s] for s in self._operated_by.get(key, ())), key=lambda s: s.key)
            used = {s.key for s in operated if self._using_system.get(s.key)}
            for found in _unreached_unknown([processor], operated, {key} if key in self._rank else set(), used):
                unreached[found.subject] = found
        for key in systems:
            unreached.pop(f"system:{key}", None)
            system = self._systems.get(key)
            if system is None or system.operator is not None:
                continue
            for found in _unreached_unknown([], [system], set(), {key} if self._using_system.get(key) else set()):
                unreached[found.subject] = found

    def _onward_side(self, exporters: set[str]) -> None:
        """The onward hops from each of ``exporters``, by ``flows._onward_hops``."""
        for key in exporters:
            for hop_key in self._onward_hops.pop(key, ()):
                del self._hops[hop_key]
                self._removed.add(hop_key)
        order = [key for key in exporters if key in self._rank]
        walk = self._walk()
        reached = _Reached(
            _KeyReach({key: self._reach[key][0] for key in order}),
            _KeyReach({key: self._reach[key][1] for key in order}),
        )
        _onward_hops(walk, order, self._engagements, self._path, reached)
        for hop_key, draft in walk.hops.items():
            self._hops[hop_key] = draft
            self._added.add(hop_key)
            self._onward_hops.setdefault(draft.exporter.split(":", 1)[1], []).append(hop_key)


def _union_keys(sets: list[frozenset[str]]) -> frozenset[str]:
    """As ``flows._union``: the biggest set itself when it holds all the others (chains share one set)."""
    biggest = max(sets, key=len)
    if all(s <= biggest for s in sets if s is not biggest):
        return biggest
    return frozenset().union(*sets)


def _same_controller(after: Organisation, before: Organisation) -> bool:
    """True when the walk reads the same of the organisation: its name (in every language) and country."""
    return after.address.country == before.address.country and text_key(after.name) == text_key(before.name)


def _diff(
    kept: dict[str, _E], entities: list[_E], changed: set[str] | None, last: list[Any] | None
) -> list[tuple[str, _E | None, _E | None]]:
    """(key, before, after) of each entity added, edited or removed: those named in ``changed``, or without
    it those that are other objects than last time.

    ``last``: the list of last time; the very same objects in the same order (most kinds, after one edit)
    are found unchanged at C speed.
    """
    if changed is not None:
        if last is not None and len(last) == len(entities) and changed.isdisjoint(kept):
            return []  # none of this kind edited or removed, and as many as before: none added either
        named = [entity for entity in entities if entity.key in changed]
        after = {entity.key: entity for entity in named}
        return [
            (key, kept.get(key), after.get(key))
            for key in sorted(changed)
            if key in after or key in kept  # keys of other kinds are not this one's
        ]
    if last is not None and len(last) == len(entities) and all(map(is_, entities, last)):
        return []
    found: list[tuple[str, _E | None, _E | None]] = []
    count = added = 0
    for entity in entities:
        count += 1
        before = kept.get(entity.key)
        if before is None:
            added += 1
            found.append((entity.key, None, entity))
        elif before is not entity:
            found.append((entity.key, before, entity))
    if count - added != len(kept):  # keys are unique: some kept entity is gone
        present = {entity.key for entity in entities}
        found.extend((key, before, None) for key, before in kept.items() if key not in present)
    return found


def _mark(index: dict[str, set[str]], key: str, value: str, add: bool) -> None:
    if add:
        index.setdefault(key, set()).add(value)
    else:
        values = index.get(key)
        if values is not None:
            values.discard(value)


def _put(kept: dict[str, _E], key: str, entity: _E | None) -> None:
    if entity is None:
        kept.pop(key, None)
    else:
        kept[key] = entity
