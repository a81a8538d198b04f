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
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, itemgetter
from typing import NamedTuple

from catalog.compliance.rules import named
from catalog.domain.location import UNKNOWN
from catalog.domain.models import (
    Certification,
    ProcessingActivity,
    Processor,
    Recipient,
    Safeguard,
    SubProcessorEngagement,
    System,
)
from catalog.domain.register import Register
from catalog.domain.vocab import OrganisationKind, ProcessingRole, RecipientKind, TransferRelationship
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
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
    """Every crossing hop of the register on ``day``, deduplicated by exporter, importer and country.

    The steps: the controller's hops (to in-house systems, to the processors operating the systems the
    activities use, to their recipients), each built once from the uses gathered in one pass over the
    activities, which also record where the data enters the processor graph; the shortest evidence path
    to every processor reached; what reaches each processor, carried over the sub-processor graph's
    components; the onward hops of each reached processor.
    """
    walk = _Walk.of(register, reference, day)
    entries = _controller_hops(walk, sorted(register.activities, key=attrgetter("key")))
    engagements = {p.key: _by_sub_processor(p.sub_processors) for p in register.processors}
    order, path_to = _evidence_paths(entries.path, engagements)
    condensation = _Condensation(order, engagements)
    reached = condensation.propagate(entries)
    _onward_hops(walk, order, engagements, path_to, reached)
    hops = walk.hops
    return Flows(
        hops=[hops[key] for key in sorted(hops)],
        unreached_unknown=_unreached_unknown(
            register.processors,
            register.systems,
            set(order),
            set().union(*[a.systems for a in register.activities]),
        ),
    )


def _by_sub_processor(engagements: list[SubProcessorEngagement]) -> list[SubProcessorEngagement]:
    """A processor's engagements sorted by sub-processor (the order the search and the onward hops take)."""
    return sorted(engagements, key=_sub_processor) if len(engagements) > 1 else list(engagements)


_sub_processor = attrgetter("processor")


@dataclass
class _Walk:
    """What every step shares: the register's entities by key, the day's locator and the hops so far."""

    locator: _Locator
    controller_name: str
    controller_exports: bool  # False when the organisation is established outside the EEA
    systems: dict[str, System]
    processors: dict[str, Processor]
    recipients: dict[str, Recipient]
    hops: dict[str, HopDraft] = field(default_factory=dict)

    @classmethod
    def of(cls, register: Register, reference: ReferenceData, day: date) -> _Walk:
        locator = _Locator(reference, day)
        organisation = register.organisation
        return cls(
            locator,
            organisation.name,
            locator.in_eea(organisation.address.country) is not False,
            {s.key: s for s in register.systems},
            {p.key: p for p in register.processors},
            {r.key: r for r in register.recipients},
        )

    def controller_hop(
        self,
        importer: str,
        importer_name: str,
        importer_role: str,
        country: str,
        *,
        path: list[str],
        safeguards: list[Safeguard],
        certifications: list[Certification],
        occasional: bool,
        importer_kind: OrganisationKind = OrganisationKind.UNKNOWN,
        importer_law: str | None = None,
    ) -> HopDraft:
        """The hop from us to ``importer`` in ``country``; the first activity reaching it gives its path."""
        key = f"{CONTROLLER}->{importer}@{country}"
        found = self.hops.get(key)
        if found is None:
            found = self.hops[key] = HopDraft(
                CONTROLLER,
                self.controller_name,
                importer,
                importer_name,
                importer_role,
                country,
                False,
                path,
                safeguards,
                certifications,
                occasional,
                importer_kind=importer_kind,
                importer_law=importer_law,
            )
        return found


@dataclass
class _Entries:
    """Where data enters the processor graph: processor key -> the categories and activities arriving directly.

    Keys are held as their ranks in sorted order (integer sets union and sort faster than string sets, and
    a sorted rank list maps straight to a sorted key list); each activity's keys are ranked once, not per
    system.
    """

    category_names: tuple[str, ...]
    activity_names: tuple[str, ...]
    category_rank: Callable[[str], int]
    categories: dict[str, frozenset[int]] = field(default_factory=dict)
    activities: dict[str, frozenset[int]] = field(default_factory=dict)
    path: dict[str, list[str]] = field(default_factory=dict)  # the evidence path of each entry

    @classmethod
    def ranked(cls, activities: list[ProcessingActivity]) -> _Entries:
        category_names = tuple(
            sorted(
                set().union(
                    *[a.data_categories for a in activities],
                    *[f.data_categories for a in activities for f in a.flows],
                )
            )
        )
        category_rank = {name: rank for rank, name in enumerate(category_names)}.__getitem__
        return cls(category_names, tuple(a.key for a in activities), category_rank)


class _Reached(NamedTuple):
    """The data categories and activities reaching each processor of the sub-processor graph."""

    categories: _Reach
    activities: _Reach


class _Uses:
    """The activities using one system (or disclosing to one recipient), in key order, and the data each sends.

    Gathered in one pass over the activities; each hop is then built once from its importer's uses
    instead of being gathered into activity by activity.
    """

    __slots__ = ("as_processor", "data", "ranks")

    def __init__(self) -> None:
        self.ranks: list[int] = []  # the activities' ranks, ascending
        self.data: list[frozenset[int]] = []  # the category ranks each activity sends here
        self.as_processor: list[int] = []  # positions in ``ranks`` of the activities where we act as processor


def _controller_hops(walk: _Walk, activities: list[ProcessingActivity]) -> _Entries:
    """The controller's hops from ``activities`` (sorted by key): to the processors operating the systems they
    use, to in-house systems, to recipients; and where their data enters the processor graph."""
    entries = _Entries.ranked(activities)
    systems, recipients = _gather_uses(activities, entries.category_rank, walk.controller_exports)
    operated: dict[str, list[tuple[System, _Uses, frozenset[int]]]] = {}
    for system_key, uses in systems.items():
        system = walk.systems[system_key]
        if system.operator is None:
            if walk.controller_exports:
                _in_house_hops(walk, entries, activities, system, uses)
        else:
            operated.setdefault(system.operator, []).append((system, uses, _union(uses.data)))
    for operator_key, used in operated.items():
        _operator_hops(walk, entries, activities, walk.processors[operator_key], used)
    for recipient_key, uses in recipients.items():
        _recipient_hops(walk, entries, activities, walk.recipients[recipient_key], uses)
    return entries


def _gather_uses(
    activities: list[ProcessingActivity], rank: Callable[[str], int], with_recipients: bool
) -> tuple[dict[str, _Uses], dict[str, _Uses]]:
    """The uses of each system and of each recipient (only when we export: else recipients get no hop)."""
    systems: dict[str, _Uses] = {}
    recipients: dict[str, _Uses] = {}
    processor_role = ProcessingRole.PROCESSOR
    for activity_rank, activity in enumerate(activities):
        data = frozenset(map(rank, activity.data_categories))
        # A flow narrows which categories reach the system or recipient it names.
        narrowed = {flow.to: frozenset(map(rank, flow.data_categories)) for flow in activity.flows}
        as_processor = activity.role == processor_role
        targets = activity.systems if len(activity.systems) < 2 else set(activity.systems)
        for uses_of in (systems, recipients):
            for key in targets:
                uses = uses_of.get(key)
                if uses is None:
                    uses = uses_of[key] = _Uses()
                if as_processor:
                    uses.as_processor.append(len(uses.ranks))
                uses.ranks.append(activity_rank)
                uses.data.append(narrowed.get(key, data) if narrowed else data)
            if not (with_recipients and activity.recipients):
                break
            targets = activity.recipients if len(activity.recipients) < 2 else set(activity.recipients)
    return systems, recipients


def _first_use(uses: _Uses, activities: list[ProcessingActivity]) -> str:
    """The node of the first activity (in key order) using a system or recipient: it gives the evidence path."""
    return f"activity:{activities[uses.ranks[0]].key}"


def _in_house_hops(
    walk: _Walk, entries: _Entries, activities: list[ProcessingActivity], system: System, uses: _Uses
) -> None:
    """A system run in-house (no operator): the system itself imports the data where it is hosted."""
    system_node = f"system:{system.key}"
    for code in system.hosting:
        if walk.locator.leaves(code):
            draft = walk.controller_hop(
                system_node,
                system.name,
                "processor",
                code,
                path=[_first_use(uses, activities), system_node, f"country:{code}"],
                safeguards=[],
                certifications=[],
                occasional=False,
            )
            _fill(draft, entries, activities, [(uses, _union(uses.data))], _C2P, _P2P)
            if code == UNKNOWN:
                draft.unknown_because.add(Phrase(N_("the hosting of {system} is not stated"), system=system.name))
                draft.unknown_kinds.add("location")


def _operator_hops(
    walk: _Walk,
    entries: _Entries,
    activities: list[ProcessingActivity],
    operator: Processor,
    used: list[tuple[System, _Uses, frozenset[int]]],
) -> None:
    """The operator's entry into the processor graph, and the hops from us to it, one per third country its
    systems put the data in."""
    operator_node = f"processor:{operator.key}"
    # The first activity (in key order, then its systems in key order) gives the entry's evidence path.
    if len(used) > 1:
        used.sort(key=lambda one: (one[1].ranks[0], one[0].key))
    first_system, first_uses, _ = used[0]
    entries.categories[operator.key] = _union([data for _, _, data in used])
    entries.activities[operator.key] = (
        frozenset(first_uses.ranks) if len(used) == 1 else frozenset().union(*(uses.ranks for _, uses, _ in used))
    )
    entries.path[operator.key] = [_first_use(first_uses, activities), f"system:{first_system.key}", operator_node]
    if not walk.controller_exports:
        return
    places = _processor_places(operator)
    crossing: dict[str, list[tuple[System, _Uses, frozenset[int], list[str]]]] = {}
    for system, uses, data in used:  # in order of first use: the first to cross somewhere gives that hop's path
        every = {code: [why] for code, why in places.items()}
        for code in system.hosting:
            # Every reason is kept: an unknown hosting is a worse gap than an unknown establishment.
            every.setdefault(code, []).append(f"hosting of {system.name}")
        for code, whys in every.items():
            if walk.locator.leaves(code):
                crossing.setdefault(code, []).append((system, uses, data, whys))
    for code, through in crossing.items():
        first, first_uses = through[0][0], through[0][1]
        draft = walk.controller_hop(
            operator_node,
            operator.legal_name,
            "processor",
            code,
            path=[_first_use(first_uses, activities), f"system:{first.key}", operator_node, f"country:{code}"],
            safeguards=operator.safeguards,
            certifications=operator.certifications,
            occasional=False,
            importer_kind=operator.organisation_kind,
            importer_law=operator.subject_to_law,
        )
        _fill(draft, entries, activities, [(uses, data) for _, uses, data, _ in through], _C2P, _P2P)
        if code == UNKNOWN:
            for _, _, data, whys in through:
                for why in whys:
                    draft.unknown_because.add(_unknown_words(why, operator.legal_name))
                    draft.unknown_kinds.add(_unknown_kind(why))
                if any(_unknown_kind(why) == "location" for why in whys):
                    # Only this data's destination is unknown; other data may only meet an unknown seat.
                    draft.location_unknown_categories.update(_names_at(entries.category_names, data))


def _recipient_hops(
    walk: _Walk, entries: _Entries, activities: list[ProcessingActivity], recipient: Recipient, uses: _Uses
) -> None:
    """The hops from us to an independent controller the activities disclose data to."""
    recipient_node = f"recipient:{recipient.key}"
    for code in recipient.locations:
        if not walk.locator.leaves(code):
            continue
        draft = walk.controller_hop(
            recipient_node,
            recipient.name,
            "controller",
            code,
            path=[_first_use(uses, activities), recipient_node, f"country:{code}"],
            safeguards=recipient.safeguards,
            certifications=[],
            occasional=recipient.occasional is True,  # not stated: treated as systematic
            importer_kind=recipient.scope_kind,
            importer_law=recipient.subject_to_law,
        )
        _fill(draft, entries, activities, [(uses, _union(uses.data))], _C2C, _P2C)
        draft.recipient_kind = recipient.kind
        if code == UNKNOWN:
            draft.unknown_because.add(Phrase(N_("its locations are not stated")))
            draft.unknown_kinds.add("location")


def _fill(
    draft: HopDraft,
    entries: _Entries,
    activities: list[ProcessingActivity],
    through: list[tuple[_Uses, frozenset[int]]],
    own: TransferRelationship,
    for_customers: TransferRelationship,
) -> None:
    """A controller hop's data from the uses reaching it (each with the union of the data it sends).

    ``own``: the relationship for our own activities; ``for_customers``: for those where we act as processor.
    """
    names = entries.category_names
    data = through[0][1] if len(through) == 1 else _union([one for _, one in through])
    draft.categories = _names_at(names, data)
    ranks = through[0][0].ranks if len(through) == 1 else set().union(*(uses.ranks for uses, _ in through))
    draft.activities = _names_at(entries.activity_names, ranks)
    for uses, _ in through:
        if len(uses.as_processor) < len(uses.ranks):
            draft.relationships.add(own)
        if uses.as_processor:
            draft.relationships.add(for_customers)
            # Art. 30(2): for this data the customers are the controllers; findings must say so, never "we".
            for position in uses.as_processor:
                draft.processor_categories.update(_names_at(names, uses.data[position]))
                draft.controllers_served.update(activities[uses.ranks[position]].controllers_served)


def _names_at(names: tuple[str, ...], ranks: Collection[int]) -> set[str]:
    """The keys at ``ranks`` (itemgetter picks them in one C call)."""
    if len(ranks) < 2:
        return {names[rank] for rank in ranks}
    return set(itemgetter(*ranks)(names))


def _evidence_paths(
    entry_path: dict[str, list[str]], engagements: dict[str, list[SubProcessorEngagement]]
) -> tuple[list[str], dict[str, list[str]]]:
    """The processors reached, in breadth-first order, and the shortest evidence path to each.

    One multi-source breadth-first search from the entries, with parent pointers (never all paths).
    """
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
    path_to: dict[str, list[str]] = {}
    for key in order:
        above = parent[key]
        path_to[key] = entry_path[key] if above is None else [*path_to[above], f"processor:{key}"]
    return order, path_to


def _onward_hops(
    walk: _Walk,
    order: list[str],
    engagements: dict[str, list[SubProcessorEngagement]],
    path_to: dict[str, list[str]],
    reached: _Reached,
) -> None:
    """The hops from each reached processor to its sub-processors in third countries (Art. 44 onward transfers)."""
    hops, processors = walk.hops, walk.processors
    # An engagement's crossing places depend only on the sub-processor and the engagement's locations,
    # and the big vendors are engaged by many: each distinct pair is worked out once.
    crossings: dict[tuple[str, tuple[str, ...]] | str, list[tuple[str, str]]] = {}
    for key in sorted(order):
        engaged = engagements[key]
        if not engaged:  # most of the deepest tier engage no one
            continue
        processor = processors[key]
        exporter_node = f"processor:{key}"
        exporter_in_eea = walk.locator.exporter_side_in_eea(processor.processing_locations)
        own = () if exporter_in_eea else frozenset(processor.processing_locations)
        carried: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # sorted when its first hop crosses
        evidence = path_to[key]
        for engagement in engaged:
            sub_key = engagement.processor
            locations = engagement.locations
            signature = (sub_key, tuple(locations)) if locations else sub_key
            leaving = crossings.get(signature)
            if leaving is None:
                leaving = crossings[signature] = [
                    (code, why)
                    for code, why in _processor_places(processors[sub_key], locations).items()
                    if walk.locator.leaves(code)
                ]
            if not leaving:  # the data stays in the EEA
                continue
            sub = processors[sub_key]
            sub_node = f"processor:{sub_key}"
            for code, why in leaving:
                if code in own:
                    continue  # from a third country within itself: not a transfer
                hop_key = f"{exporter_node}->{sub_node}@{code}"
                onward = hops.get(hop_key)
                if onward is None:  # built here rather than by a helper: a third of the hops are onward
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
                if carried is None:
                    carried = reached.categories.sorted_for(key), reached.activities.sorted_for(key)
                onward.categories, onward.activities = carried
                onward.relationships.add(_P2P)
                if code == UNKNOWN:
                    onward.unknown_because.add(_unknown_words(why, sub.legal_name))
                    onward.unknown_kinds.add(_unknown_kind(why))


def _unknown_kind(why: str) -> str:
    """'establishment' when only the vendor's seat is unknown (remote access), else 'location'."""
    return "establishment" if why.startswith("establishment") else "location"


def _unknown_words(why: str, processor_name: str) -> str:
    who = named(processor_name)  # by name, never by key: a DPO reads these words
    if why.startswith("hosting of"):
        return Phrase(N_("the hosting of {system} is not stated"), system=why.removeprefix("hosting of "))
    if why.startswith("establishment"):
        return Phrase(
            N_("the country where {vendor} is established is not stated, and it can access the data"), vendor=who
        )
    return Phrase(N_("the processing locations of {vendor} are not stated"), vendor=who)


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

    def propagate(self, entries: _Entries) -> _Reached:
        """The data categories and activities reaching each processor, from those arriving at its entries.

        Keys come as their ranks in sorted order: the union and sort of integer sets is cheaper. Both kinds
        are carried in one walk over the components.
        """
        components, component_of, successors = self.components, self.component_of, self.successors
        categories, activities = entries.categories, entries.activities
        # Tarjan emits components in reverse topological order: walk them backwards so inputs come first.
        inputs: dict[int, tuple[list[frozenset[int]], list[frozenset[int]]]] = {}
        category_reach: dict[str, frozenset[int]] = {}
        activity_reach: dict[str, frozenset[int]] = {}
        for index in range(len(components) - 1, -1, -1):
            members = components[index]
            arriving = inputs.pop(index, None)
            if len(members) == 1:  # most components: one processor, entered directly or from above
                member = members[0]
                if member in categories:
                    category_ranks = _union([*arriving[0], categories[member]] if arriving else [categories[member]])
                    activity_ranks = _union([*arriving[1], activities[member]] if arriving else [activities[member]])
                elif arriving:
                    category_ranks, activity_ranks = _union(arriving[0]), _union(arriving[1])
                else:
                    category_ranks = activity_ranks = frozenset()
            else:
                above = arriving or ([], [])
                category_ranks = _union([*above[0], *(categories[m] for m in members if m in categories)])
                activity_ranks = _union([*above[1], *(activities[m] for m in members if m in activities)])
            downstream: set[int] = set()
            for member in members:
                category_reach[member] = category_ranks
                activity_reach[member] = activity_ranks
                for successor in successors[member]:
                    target = component_of[successor]
                    if target != index:
                        downstream.add(target)
            for target in downstream:
                found = inputs.get(target)
                if found is None:
                    inputs[target] = ([category_ranks], [activity_ranks])
                else:
                    found[0].append(category_ranks)
                    found[1].append(activity_ranks)
        return _Reached(_Reach(entries.category_names, category_reach), _Reach(entries.activity_names, activity_reach))


def _union(sets: list[frozenset[int]]) -> frozenset[int]:
    """Union that shares the set when there is only one input (chains copy nothing)."""
    if len(sets) < 2:
        return sets[0] if sets else frozenset()
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


def _unreached_unknown(
    processors: list[Processor], all_systems: list[System], reached: set[str], used_systems: set[str]
) -> list[UnreachedUnknown]:
    """Processors and in-house systems with an unknown location that no activity sends data to."""
    by_key = attrgetter("key")
    systems_in_order = sorted(all_systems, key=by_key)
    unreached = sorted((p for p in processors if p.key not in reached), key=by_key)
    wanted = {p.key for p in unreached}
    operated: dict[str, list[System]] = {}
    for system in systems_in_order:
        if system.operator in wanted:  # only the systems of the processors no flow reaches are looked at
            operated.setdefault(system.operator, []).append(system)
    found: list[UnreachedUnknown] = []
    for processor in unreached:
        because = [
            _unknown_words(why, processor.legal_name)
            for code, why in _processor_places(processor).items()
            if code == UNKNOWN
        ]
        systems = operated.get(processor.key, [])
        because.extend(
            Phrase(N_("the hosting of {system} is not stated"), system=s.name)
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
    for system in systems_in_order:
        if system.operator is None and system.key not in used_systems and UNKNOWN in system.hosting:
            found.append(
                UnreachedUnknown(
                    f"system:{system.key}",
                    system.name,
                    [f"system:{system.key}", f"country:{UNKNOWN}"],
                    [Phrase(N_("the hosting of {system} is not stated"), system=system.name)],
                )
            )
    return found
