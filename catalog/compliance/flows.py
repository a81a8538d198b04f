"""Lineage for the compliance engine: every hop on which personal data leaves the EEA, with its evidence.

The walk is linear in the size of the register. Data enters the processor graph through the systems
activities use; one multi-source breadth-first search over the sub-processor engagements gives each
processor a shortest evidence path (parent pointers, never all paths), and the data categories and
activities reaching each processor are propagated once over the strongly connected components of
the sub-processor graph, so cycles terminate and each hop is derived once.

Roles (which SCC module a hop needs):
- the controller (we, node ``controller``) -> the processor operating a system: controller to processor;
  for an activity where we act as processor for our customers, our processors are their
  sub-processors, so the hop is processor to processor (module 3);
- the controller -> a recipient (an independent controller): controller to controller, or processor
  to controller (module 4) for a processor-role activity;
- a processor -> its sub-processor: processor to processor.

Where the data is:
- a system operated by processor P: the system's hosting, P's processing locations and, when P can
  access the data, P's country of establishment (EDPB Guidelines 05/2021: a third-country entity
  with access makes a transfer even with EEA storage); the importer is P;
- a system run in-house (no operator): its hosting, with the system itself as importer;
- a sub-processor S of P: the engagement's locations (S's own when none are given), plus S's
  establishment when S can access the data;
- a recipient: its locations.

A hop crosses the border when its destination is a third country on the date, or unknown (never
presumed inside the EEA), and the exporter is in the EEA or its location is unknown. A processor whose
every location is in third countries still makes an onward transfer when it sends data to a
different third country (Art. 44 covers onward transfers); within the same third country it does not.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import NamedTuple

from catalog.compliance.rules import named
from catalog.domain.location import UNKNOWN
from catalog.domain.models import (
    Certification,
    ProcessingActivity,
    Processor,
    Safeguard,
    SubProcessorEngagement,
    System,
)
from catalog.domain.register import Register
from catalog.domain.vocab import OrganisationKind, ProcessingRole, RecipientKind, TransferRelationship
from catalog.reference import ReferenceData

CONTROLLER = "controller"

_C2P = TransferRelationship.CONTROLLER_TO_PROCESSOR
_P2P = TransferRelationship.PROCESSOR_TO_PROCESSOR
_C2C = TransferRelationship.CONTROLLER_TO_CONTROLLER
_P2C = TransferRelationship.PROCESSOR_TO_CONTROLLER


@dataclass
class HopDraft:
    """A crossing hop while it is being assembled; the engine turns it into a ``TransferHop``."""

    exporter: str
    exporter_name: str
    importer: str
    importer_name: str
    importer_role: str
    country: str
    onward: bool
    path: list[str]
    safeguards: list[Safeguard]
    certifications: list[Certification]
    occasional: bool
    # A private set while controller hops accumulate; onward hops share their exporter's sorted tuple.
    categories: set[str] | tuple[str, ...] = field(default_factory=set)
    activities: set[str] | tuple[str, ...] = field(default_factory=set)
    relationships: set[TransferRelationship] = field(default_factory=set)
    unknown_because: set[str] = field(default_factory=set)
    # Issue #14: who the importer is (partial adequacy decisions look at it), why a destination is unknown
    # ("location" or only "establishment"), and the data we send as processor for our customers.
    importer_kind: OrganisationKind = OrganisationKind.UNKNOWN
    importer_law: str | None = None
    unknown_kinds: set[str] = field(default_factory=set)
    # Issue #29: on an operator's unknown hop, the data whose place (not only the vendor's seat) is unknown.
    location_unknown_categories: set[str] = field(default_factory=set)
    recipient_kind: RecipientKind | None = None  # for a recipient: what can be recorded about where it is
    processor_categories: set[str] = field(default_factory=set)
    controllers_served: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return f"{self.exporter}->{self.importer}@{self.country}"


class _Operated(NamedTuple):
    """What a system run by a processor leads to, worked out at the first activity using it."""

    operator: Processor
    operator_node: str
    categories: set[int]  # the operator's entry sets, shared by all of its systems
    activities: set[int]
    crossings: list[tuple[str, list[str], str]]  # country, why, and the key of the controller hop there


@dataclass
class UnreachedUnknown:
    """A vendor or system with an unknown location that no recorded flow reaches (yet)."""

    subject: str
    name: str
    path: list[str]
    because: list[str]


@dataclass
class Flows:
    """The derived hops, and the entities with unknown locations that no flow reaches."""

    hops: list[HopDraft]
    unreached_unknown: list[UnreachedUnknown]


class _Locator:
    """Answers 'is this location a third country on the date?' with a cache (few distinct codes)."""

    def __init__(self, reference: ReferenceData, day: date) -> None:
        self._reference = reference
        self._day = day
        self._cache: dict[str, bool | None] = {}

    def in_eea(self, code: str) -> bool | None:
        if code not in self._cache:
            self._cache[code] = self._reference.in_eea(code, self._day)
        return self._cache[code]

    def leaves(self, code: str) -> bool:
        """True for a third country or an unknown location."""
        return self.in_eea(code) is not True

    def exporter_side_in_eea(self, codes: Iterable[str]) -> bool:
        return any(self.in_eea(code) is not False for code in codes)


def _processor_places(processor: Processor, locations: Iterable[str] | None = None) -> dict[str, str]:
    """Destination -> why, for data that reaches ``processor``."""
    places: dict[str, str] = {}
    for code in locations if locations else processor.processing_locations:
        places.setdefault(code, "processing location")
    if processor.can_access_data:
        places.setdefault(processor.established_in, "establishment (it can access the data)")
    return places


def derive_flows(register: Register, reference: ReferenceData, day: date) -> Flows:
    """Every crossing hop of the register on ``day``, deduplicated by exporter, importer and country."""
    locator = _Locator(reference, day)
    systems = {s.key: s for s in register.systems}
    processors = {p.key: p for p in register.processors}
    recipients = {r.key: r for r in register.recipients}
    organisation = register.organisation
    controller_exports = locator.in_eea(organisation.address.country) is not False
    hops: dict[str, HopDraft] = {}

    def hop(
        exporter: str,
        exporter_name: str,
        importer: str,
        importer_name: str,
        importer_role: str,
        country: str,
        *,
        onward: bool,
        path: list[str],
        safeguards: list[Safeguard],
        certifications: list[Certification],
        occasional: bool,
        importer_kind: OrganisationKind = OrganisationKind.UNKNOWN,
        importer_law: str | None = None,
    ) -> HopDraft:
        key = f"{exporter}->{importer}@{country}"
        found = hops.get(key)
        if found is None:
            found = HopDraft(
                exporter,
                exporter_name,
                importer,
                importer_name,
                importer_role,
                country,
                onward,
                path,
                safeguards,
                certifications,
                occasional,
                importer_kind=importer_kind,
                importer_law=importer_law,
            )
            hops[key] = found
        return found

    # Entry into the processor graph: processor key -> categories and activities arriving directly, as
    # their ranks in sorted order (integer sets union and sort faster than string sets, and a sorted
    # rank list maps straight to a sorted key list); each activity's keys are ranked once, not per system.
    activities = sorted(register.activities, key=lambda a: a.key)
    activity_names = tuple(a.key for a in activities)
    category_names = tuple(
        sorted(
            {c for a in activities for c in a.data_categories}
            | {c for a in activities for f in a.flows for c in f.data_categories}
        )
    )
    category_rank = {name: rank for rank, name in enumerate(category_names)}.__getitem__
    direct_categories: dict[str, set[int]] = {}
    direct_activities: dict[str, set[int]] = {}
    entry_path: dict[str, list[str]] = {}
    operated: dict[str, _Operated] = {}  # system key -> its operator, the operator's entry sets, its crossings

    for activity_rank, activity in enumerate(activities):
        activity_node = f"activity:{activity.key}"
        narrowed = {flow.to: flow.data_categories for flow in activity.flows}
        ranked: frozenset[int] | None = None
        as_processor = activity.role == ProcessingRole.PROCESSOR
        for system_key in sorted(set(activity.systems)):
            system = systems[system_key]
            categories = narrowed.get(system_key, activity.data_categories)
            system_node = f"system:{system_key}"
            if system.operator is None:
                if not controller_exports:
                    continue
                for code in system.hosting:
                    if locator.leaves(code):
                        draft = hop(
                            CONTROLLER,
                            organisation.name,
                            system_node,
                            system.name,
                            "processor",
                            code,
                            onward=False,
                            path=[activity_node, system_node, f"country:{code}"],
                            safeguards=[],
                            certifications=[],
                            occasional=False,
                        )
                        _add(draft, categories, activity, _P2P if as_processor else _C2P)
                        if code == UNKNOWN:
                            draft.unknown_because.add(f"the hosting of {system.name} is not stated")
                            draft.unknown_kinds.add("location")
                continue
            entry = operated.get(system_key)
            if entry is None:  # what a system leads to is the same for every activity using it
                operator = processors[system.operator]
                operator_node = f"processor:{operator.key}"
                arriving = direct_categories.get(operator.key)
                if arriving is None:  # the first activity (in key order) gives the entry's evidence path
                    arriving = direct_categories[operator.key] = set()
                    direct_activities[operator.key] = set()
                    entry_path[operator.key] = [activity_node, system_node, operator_node]
                every = {code: [why] for code, why in _processor_places(operator).items()}
                for code in system.hosting:
                    # Every reason is kept: an unknown hosting is a worse gap than an unknown establishment.
                    every.setdefault(code, []).append(f"hosting of {system.name}")
                crossing = [
                    (c, whys, f"{CONTROLLER}->{operator_node}@{c}") for c, whys in every.items() if locator.leaves(c)
                ]
                entry = operated[system_key] = _Operated(
                    operator,
                    operator_node,
                    arriving,
                    direct_activities[operator.key],
                    crossing if controller_exports else [],
                )
            operator, operator_node, arriving, reached_by, places = entry
            if system_key in narrowed:
                arriving.update(map(category_rank, categories))
            else:
                if ranked is None:
                    ranked = frozenset(map(category_rank, activity.data_categories))
                arriving.update(ranked)
            reached_by.add(activity_rank)
            for code, whys, hop_key in places:
                # Many activities use a system: after the first, its hops exist and only gather data.
                gathering = hops.get(hop_key)
                if gathering is None:
                    gathering = hop(
                        CONTROLLER,
                        organisation.name,
                        operator_node,
                        operator.legal_name,
                        "processor",
                        code,
                        onward=False,
                        path=[activity_node, system_node, operator_node, f"country:{code}"],
                        safeguards=operator.safeguards,
                        certifications=operator.certifications,
                        occasional=False,
                        importer_kind=operator.organisation_kind,
                        importer_law=operator.subject_to_law,
                    )
                _add(gathering, categories, activity, _P2P if as_processor else _C2P)
                if code == UNKNOWN:
                    for why in whys:
                        gathering.unknown_because.add(_unknown_words(why, operator.legal_name))
                        gathering.unknown_kinds.add(_unknown_kind(why))
                    if any(_unknown_kind(why) == "location" for why in whys):
                        # Only this data's destination is unknown; other data may only meet an unknown seat.
                        gathering.location_unknown_categories.update(categories)
        if not controller_exports:
            continue
        for recipient_key in sorted(set(activity.recipients)):
            recipient = recipients[recipient_key]
            categories = narrowed.get(recipient_key, activity.data_categories)
            recipient_node = f"recipient:{recipient_key}"
            for code in recipient.locations:
                if not locator.leaves(code):
                    continue
                draft = hop(
                    CONTROLLER,
                    organisation.name,
                    recipient_node,
                    recipient.name,
                    "controller",
                    code,
                    onward=False,
                    path=[activity_node, recipient_node, f"country:{code}"],
                    safeguards=recipient.safeguards,
                    certifications=[],
                    occasional=recipient.occasional is True,  # not stated: treated as systematic
                    importer_kind=recipient.scope_kind,
                    importer_law=recipient.subject_to_law,
                )
                _add(draft, categories, activity, _P2C if as_processor else _C2C)
                draft.recipient_kind = recipient.kind
                if code == UNKNOWN:
                    draft.unknown_because.add("its locations are not stated")
                    draft.unknown_kinds.add("location")

    # Shortest evidence path to every reached processor: one multi-source BFS with parent pointers.
    engagements = {p.key: sorted(p.sub_processors, key=lambda e: e.processor) for p in register.processors}
    path_to: dict[str, list[str]] = {}
    parent: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for key in sorted(entry_path):
        parent[key] = None
        queue.append(key)
    order: list[str] = []
    while queue:
        current = queue.popleft()
        order.append(current)
        for engagement in engagements[current]:
            if engagement.processor not in parent:
                parent[engagement.processor] = current
                queue.append(engagement.processor)
    for key in order:
        above = parent[key]
        path_to[key] = entry_path[key] if above is None else [*path_to[above], f"processor:{key}"]

    condensation = _Condensation(order, engagements)
    reach_categories = condensation.propagate(direct_categories, category_names)
    reach_activities = condensation.propagate(direct_activities, activity_names)

    # An engagement's crossing places depend only on the sub-processor and the engagement's locations,
    # and the big vendors are engaged by many: each distinct pair is worked out once.
    crossings: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}
    for key in sorted(order):
        processor = processors[key]
        exporter_node = f"processor:{key}"
        exporter_in_eea = locator.exporter_side_in_eea(processor.processing_locations)
        own = set(processor.processing_locations)
        reached: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # sorted when its first hop crosses
        evidence = path_to[key]
        for engagement in engagements[key]:
            sub = processors[engagement.processor]
            sub_node = f"processor:{sub.key}"
            signature = (sub.key, tuple(engagement.locations or ()))
            leaving = crossings.get(signature)
            if leaving is None:
                leaving = crossings[signature] = [
                    (code, why)
                    for code, why in _processor_places(sub, engagement.locations).items()
                    if locator.leaves(code)
                ]
            for code, why in leaving:
                if not (exporter_in_eea or code not in own):
                    continue
                hop_key = f"{exporter_node}->{sub_node}@{code}"
                onward = hops.get(hop_key)
                if onward is None:  # built here rather than by hop(): a third of the hops are onward
                    onward = hops[hop_key] = HopDraft(
                        exporter_node,
                        processor.legal_name,
                        sub_node,
                        sub.legal_name,
                        "processor",
                        code,
                        True,
                        [*evidence, sub_node, f"country:{code}"],
                        list(engagement.safeguards),
                        sub.certifications,
                        False,
                        importer_kind=sub.organisation_kind,
                        importer_law=sub.subject_to_law,
                    )
                else:  # the same sub-processor engaged twice: both engagements' tools count
                    onward.safeguards = [*onward.safeguards, *engagement.safeguards]
                if reached is None:
                    reached = reach_categories.sorted_for(key), reach_activities.sorted_for(key)
                onward.categories, onward.activities = reached
                onward.relationships.add(_P2P)
                if code == UNKNOWN:
                    onward.unknown_because.add(_unknown_words(why, sub.legal_name))
                    onward.unknown_kinds.add(_unknown_kind(why))

    return Flows(
        hops=[hops[key] for key in sorted(hops)],
        unreached_unknown=_unreached_unknown(register, set(order), {s for a in register.activities for s in a.systems}),
    )


def _add(
    draft: HopDraft, categories: Iterable[str], activity: ProcessingActivity, relationship: TransferRelationship
) -> None:
    """Accumulate one activity's data on a controller hop (whose sets are always private and mutable)."""
    if isinstance(draft.categories, set) and isinstance(draft.activities, set):
        draft.categories.update(categories)
        draft.activities.add(activity.key)
    else:  # pragma: no cover - controller hops never share sets; kept for safety
        draft.categories = {*draft.categories, *categories}
        draft.activities = {*draft.activities, activity.key}
    draft.relationships.add(relationship)
    if activity.role == ProcessingRole.PROCESSOR:
        # Art. 30(2): for this data the customers are the controllers; findings must say so, never "we".
        draft.processor_categories.update(categories)
        draft.controllers_served.update(activity.controllers_served)


def _unknown_kind(why: str) -> str:
    """'establishment' when only the vendor's seat is unknown (remote access), else 'location'."""
    return "establishment" if why.startswith("establishment") else "location"


def _unknown_words(why: str, processor_name: str) -> str:
    who = named(processor_name)  # by name, never by key: a DPO reads these words
    if why.startswith("hosting of"):
        return f"the {why} is not stated"
    if why.startswith("establishment"):
        return f"the country where {who} is established is not stated, and it can access the data"
    return f"the processing locations of {who} are not stated"


class _Reach:
    """The keys reaching each processor, as shared sets of sort ranks; sorted key tuples built once per set."""

    def __init__(self, names: tuple[str, ...], reach: dict[str, frozenset[int]]) -> None:
        self._names = names
        self._reach = reach
        self._sorted: dict[int, tuple[str, ...]] = {}

    def sorted_for(self, processor_key: str) -> tuple[str, ...]:
        ranks = self._reach[processor_key]
        # The sets live in self._reach for the lifetime of this object, so their ids stay unique.
        found = self._sorted.get(id(ranks))
        if found is None:
            found = self._sorted[id(ranks)] = _pick(self._names, sorted(ranks))
        return found


def _pick(names: tuple[str, ...], ranks: list[int]) -> tuple[str, ...]:
    """``names`` at ``ranks``, in that order (itemgetter picks them in one C call)."""
    if len(ranks) < 2:
        return tuple(names[rank] for rank in ranks)
    picked: tuple[str, ...] = itemgetter(*ranks)(names)
    return picked


class _Condensation:
    """The strongly connected components of the sub-processor graph reached by the data, and their successors."""

    def __init__(self, order: list[str], engagements: dict[str, list[SubProcessorEngagement]]) -> None:
        self.successors = {key: [e.processor for e in engagements[key]] for key in order}
        self.components = _strongly_connected(order, self.successors)
        self.component_of = {key: index for index, members in enumerate(self.components) for key in members}

    def propagate(self, direct: dict[str, set[int]], names: tuple[str, ...]) -> _Reach:
        """Keys (data categories or activities) reaching each processor, from those arriving ``direct``ly.

        Keys come as their ranks in ``names`` (sorted): the union and sort of integer sets is cheaper.
        """
        components, component_of, successors = self.components, self.component_of, self.successors
        # Tarjan emits components in reverse topological order: walk them backwards so inputs come first.
        inputs: dict[int, list[frozenset[int]]] = {}
        reach: dict[str, frozenset[int]] = {}
        for index in range(len(components) - 1, -1, -1):
            members = components[index]
            own = [frozenset(direct[m]) for m in members if m in direct]
            ranks = _union([*inputs.pop(index, []), *own])
            downstream: set[int] = set()
            for member in members:
                reach[member] = ranks
                for successor in successors[member]:
                    target = component_of[successor]
                    if target != index:
                        downstream.add(target)
            for target in downstream:
                inputs.setdefault(target, []).append(ranks)
        return _Reach(names, reach)


def _union(sets: list[frozenset[int]]) -> frozenset[int]:
    """Union that shares the set when there is only one input (chains copy nothing)."""
    if not sets:
        return frozenset()
    biggest = max(sets, key=len)
    if all(s <= biggest for s in sets if s is not biggest):
        return biggest
    return frozenset().union(*sets)


def _strongly_connected(nodes: list[str], successors: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components come out in reverse topological order."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index_of:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            advanced = False
            children = successors[node]
            while position < len(children):
                child = children[position]
                position += 1
                if child not in index_of:
                    work.append((node, position))
                    work.append((child, 0))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index_of[child])
            if advanced:
                continue
            if low[node] == index_of[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                above = work[-1][0]
                low[above] = min(low[above], low[node])
    return components


def _unreached_unknown(register: Register, reached: set[str], used_systems: set[str]) -> list[UnreachedUnknown]:
    """Processors and in-house systems with an unknown location that no activity sends data to."""
    operated: dict[str, list[System]] = {}
    for system in sorted(register.systems, key=lambda s: s.key):
        if system.operator is not None:
            operated.setdefault(system.operator, []).append(system)
    found: list[UnreachedUnknown] = []
    for processor in sorted(register.processors, key=lambda p: p.key):
        if processor.key in reached:
            continue
        because = [
            _unknown_words(why, processor.legal_name)
            for code, why in _processor_places(processor).items()
            if code == UNKNOWN
        ]
        systems = operated.get(processor.key, [])
        because.extend(
            f"the hosting of {s.name} is not stated"
            for s in systems
            if UNKNOWN in s.hosting and s.key not in used_systems
        )
        if because:
            head = [f"system:{systems[0].key}"] if systems else []
            found.append(
                UnreachedUnknown(
                    f"processor:{processor.key}",
                    processor.legal_name,
                    [*head, f"processor:{processor.key}", f"country:{UNKNOWN}"],
                    because,
                )
            )
    for system in sorted(register.systems, key=lambda s: s.key):
        if system.operator is None and system.key not in used_systems and UNKNOWN in system.hosting:
            found.append(
                UnreachedUnknown(
                    f"system:{system.key}",
                    system.name,
                    [f"system:{system.key}", f"country:{UNKNOWN}"],
                    [f"the hosting of {system.name} is not stated"],
                )
            )
    return found
