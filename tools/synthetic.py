"""A deterministic synthetic register generator, for benchmarks and scale tests.

``synthetic_register(nodes, seed)`` builds a valid register of about ``nodes`` entities with about five
graph edges per entity (``catalog.graph.edges.build_graph``):

- a data-category tree (a forest: about a third of the categories are roots) and a few data-subject
  categories;
- activities, each processing a few categories of a few subjects through a few systems, some disclosing
  to recipients, some narrowing which categories reach which system;
- systems of mixed kinds, mostly operated by a processor;
- processors with the service-category mix of real vendor lists (SaaS tools at the top, hosting and
  infrastructure further down), subcontracting in tiers so that sub-processor chains run up to five
  deep, with a few edges pointing back up (cycles, as between real vendors);
- locations drawn from EEA countries, adequate countries, other third countries and 'unknown';
- safeguards on every hop, of which ``gap_share`` are missing, outdated or incomplete (and as many
  activities miss a legal basis or a retention rule).

Same arguments, same register: only the seeded ``random.Random`` decides.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from catalog.domain.register import Register

EEA = ["DE", "FR", "NO", "SE", "IE", "NL", "PL", "FI", "DK"]
ADEQUATE = ["CH", "JP", "GB", "CA", "NZ", "KR"]
OTHER = ["US", "IN", "CN", "SG", "AU", "BR"]
# Tier 0 operates systems; tiers 1-5 are sub-processors, so chains are up to five deep. Deeper tiers
# are smaller and engage fewer vendors: most chains stop after one or two steps, a few run to five,
# and a handful of big vendors (the infrastructure every SaaS runs on) are shared by many.
TIER_SHARES = (0.40, 0.25, 0.15, 0.10, 0.06, 0.04)
SUB_PROCESSORS_PER_TIER = ((1, 3), (0, 2), (0, 2), (0, 1), (0, 1))
TIERS = len(TIER_SHARES)

# Weights from the shape of published sub-processor lists: the tools a company signs up for are
# mostly SaaS; the vendors behind them are mostly hosting and infrastructure.
TOP_TIER_SERVICES = {
    "crm": 12,
    "analytics": 14,
    "email_marketing": 10,
    "customer_support": 12,
    "internal_communication": 10,
    "advertising": 7,
    "hosting": 20,
    "other": 15,
}
SUB_TIER_SERVICES = {"hosting": 60, "analytics": 8, "customer_support": 7, "other": 25}
SYSTEM_KINDS = {"saas": 45, "application": 20, "data_store": 15, "website": 8, "analytics": 7, "other": 5}
RECIPIENT_KINDS = {
    "authority": 20,
    "group_company": 25,
    "advertising_partner": 15,
    "researcher": 5,
    "business_successor": 5,
    "other_controller": 30,
}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _location(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(EEA)
    if roll < 0.7:
        return rng.choice(ADEQUATE)
    if roll < 0.98:
        return rng.choice(OTHER)
    return "unknown"


def _locations(rng: random.Random, most: int) -> list[str]:
    return sorted({_location(rng) for _ in range(rng.randint(1, most))})


def _safeguard(rng: random.Random, module: str, gap_share: float) -> list[dict[str, Any]]:
    if rng.random() < gap_share:
        gap = rng.random()
        if gap < 0.5:
            return []
        if gap < 0.75:
            return [{"kind": "scc", "instrument": "scc-2010-87", "signed_on": "2019-01-01"}]
        return [{"kind": "scc", "instrument": "scc-2021-914", "module": "1"}]
    return [
        {
            "kind": "scc",
            "instrument": "scc-2021-914",
            "module": module,
            "signed_on": "2022-01-01",
            "tia": {"assessed_on": "2026-01-01", "outcome": "adequate"},
        }
    ]


def _some(rng: random.Random, prefix: str, count: int, least: int, most: int) -> list[str]:
    return sorted({f"{prefix}-{rng.randrange(count)}" for _ in range(rng.randint(least, most))})


def synthetic_register(nodes: int, seed: int = 0, gap_share: float = 0.1) -> Register:
    """About ``nodes`` entities: 5% categories, 1% subjects, 22% activities and as many systems, 40% processors and
    10% recipients, with about five graph edges each.

    ``gap_share`` (0 to 1) is the share of hops without a valid safeguard and of activities missing a
    legal basis or a retention rule.
    """
    if not 0.0 <= gap_share <= 1.0:
        raise ValueError(f"gap_share must be between 0 and 1, not {gap_share}")
    rng = random.Random(seed)
    sizes = _Sizes.of(nodes)
    # One generator draws everything, in this order: the same arguments give the same register.
    categories = _categories(rng, sizes.categories)
    subjects = [{"key": f"subj-{i}", "name": f"Data subjects {i}"} for i in range(sizes.subjects)]
    tiers = _tiers(sizes.processors)
    processors = _processors(rng, tiers, gap_share)
    systems = _systems(rng, sizes.systems, tiers[0])
    recipients = _recipients(rng, sizes.recipients, gap_share)
    activities = [_activity(rng, i, sizes, gap_share) for i in range(sizes.activities)]
    return Register.model_validate(
        {
            "organisation": {"name": "Synthetic AS", "address": {"country": "NO"}},
            "data_categories": categories,
            "data_subjects": subjects,
            "activities": activities,
            "systems": systems,
            "processors": processors,
            "recipients": recipients,
        }
    )


@dataclass(frozen=True)
class _Sizes:
    """How many entities of each kind a register of about ``nodes`` entities holds."""

    categories: int
    subjects: int
    activities: int
    systems: int
    processors: int
    recipients: int

    @classmethod
    def of(cls, nodes: int) -> _Sizes:
        return cls(
            categories=max(1, nodes // 20),
            subjects=max(1, nodes // 100),
            activities=max(1, nodes * 22 // 100),
            systems=max(1, nodes * 22 // 100),
            processors=max(25, nodes * 2 // 5),  # at least one vendor in every tier
            recipients=max(1, nodes // 10),
        )


def _categories(rng: random.Random, count: int) -> list[dict[str, Any]]:
    return [
        {
            "key": f"cat-{i}",
            "name": f"Category {i}",
            # Parents are earlier categories, so the parent links form a tree (a forest), never a cycle.
            "parent": f"cat-{rng.randrange(i)}" if i and rng.random() < 0.7 else None,
            "special_category": rng.random() < 0.02,
        }
        for i in range(count)
    ]


def _tiers(count: int) -> list[list[str]]:
    """The processor keys of each tier, by ``TIER_SHARES``."""
    bounds = [round(count * sum(TIER_SHARES[: tier + 1])) for tier in range(TIERS)]
    tiers: list[list[str]] = [[] for _ in range(TIERS)]
    for i in range(count):
        tiers[next(tier for tier, bound in enumerate(bounds) if i < bound or tier == TIERS - 1)].append(f"proc-{i}")
    return tiers


def _processors(rng: random.Random, tiers: list[list[str]], gap_share: float) -> list[dict[str, Any]]:
    """Every processor, tier by tier, each engaging a few vendors of the tier below (and rarely one above)."""
    processors = []
    engaged_by: dict[str, list[str]] = {}
    for tier, keys in enumerate(tiers):
        for key in keys:
            locations = _locations(rng, 3)
            subs = _sub_processors(rng, key, tier, tiers, engaged_by, gap_share)
            processors.append(
                {
                    "key": key,
                    "legal_name": f"Processor {key}",
                    "service_category": _pick(rng, TOP_TIER_SERVICES if tier == 0 else SUB_TIER_SERVICES),
                    "established_in": locations[0],
                    "processing_locations": locations,
                    "can_access_data": rng.random() > 0.05,
                    "dpa": {"reference": f"DPA {key}"} if rng.random() > 0.05 else None,
                    "safeguards": _safeguard(rng, "2", gap_share),
                    "sub_processors": subs,
                }
            )
    return processors


def _sub_processors(
    rng: random.Random,
    key: str,
    tier: int,
    tiers: list[list[str]],
    engaged_by: dict[str, list[str]],
    gap_share: float,
) -> list[dict[str, Any]]:
    """One processor's engagements; ``engaged_by`` (sub-processor -> who engages it) grows as they are made."""
    subs = []
    if tier + 1 < TIERS:
        below = tiers[tier + 1]
        wanted = min(rng.randint(*SUB_PROCESSORS_PER_TIER[tier]), len(below))
        for sub in sorted(set(rng.sample(below, k=wanted))):
            engagement: dict[str, Any] = {"processor": sub, "safeguards": _safeguard(rng, "3", gap_share)}
            if rng.random() < 0.5:
                engagement["locations"] = [_location(rng)]
            subs.append(engagement)
            engaged_by.setdefault(sub, []).append(key)
    if key in engaged_by and rng.random() < 0.05:
        # Vendors that subcontract to each other make small cycles, as real ones do.
        subs.append({"processor": rng.choice(engaged_by[key]), "safeguards": []})
    return subs


def _systems(rng: random.Random, count: int, operators: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "key": f"sys-{i}",
            "name": f"System {i}",
            "kind": _pick(rng, SYSTEM_KINDS),
            "operator": rng.choice(operators) if rng.random() < 0.9 else None,
            "hosting": _locations(rng, 2) if rng.random() < 0.3 else [rng.choice(EEA)],
        }
        for i in range(count)
    ]


def _recipients(rng: random.Random, count: int, gap_share: float) -> list[dict[str, Any]]:
    return [
        {
            "key": f"rec-{i}",
            "name": f"Recipient {i}",
            "kind": _pick(rng, RECIPIENT_KINDS),
            "locations": _locations(rng, 2),
            "occasional": rng.random() < 0.5,
            "safeguards": _safeguard(rng, "1", gap_share),
        }
        for i in range(count)
    ]


def _activity(rng: random.Random, i: int, sizes: _Sizes, gap_share: float) -> dict[str, Any]:
    processed = _some(rng, "cat", sizes.categories, 2, 6)
    used = _some(rng, "sys", sizes.systems, 2, 6)
    flows = []
    if len(processed) > 1 and rng.random() < 0.2:
        # Only some of the categories reach one of the systems.
        flows.append({"to": used[0], "data_categories": processed[: len(processed) // 2]})
    return {
        "key": f"act-{i}",
        "name": f"Activity {i}",
        "role": "controller" if rng.random() < 0.9 else "processor",
        "controllers_served": ["Customer"],
        "purposes": ["Synthetic purpose"],
        "legal_bases": [] if rng.random() < gap_share else [{"basis": "6(1)(b)"}],
        "data_categories": processed,
        "data_subjects": _some(rng, "subj", sizes.subjects, 1, 3),
        "systems": used,
        "recipients": _some(rng, "rec", sizes.recipients, 1, 2) if rng.random() < 0.4 else [],
        "flows": flows,
        "retention": None if rng.random() < gap_share else {"kind": "event", "trigger": "until_account_deleted"},
    }
