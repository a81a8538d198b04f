"""A deterministic synthetic register generator, for benchmarks and scale tests.

``synthetic_register(nodes, seed)`` builds a valid register of about ``nodes`` entities with about five
edges per entity: activities use a few systems and recipients, systems are operated by processors,
processors subcontract in tiers up to five deep with some edges pointing back up (cycles), and
locations are drawn from EEA, adequate and other countries (and 'unknown'). ``gap_share`` is the
share of transfer hops left without a valid safeguard. Same arguments, same register.
"""

from __future__ import annotations

import random
from typing import Any

from catalog.domain.register import Register

EEA = ["DE", "FR", "NO", "SE", "IE", "NL", "PL"]
ADEQUATE = ["CH", "JP", "GB", "CA", "NZ"]
OTHER = ["US", "IN", "CN", "SG", "AU"]
TIERS = 6  # tier 0 operates systems; tiers 1-5 are sub-processors, so chains are up to five deep


def _location(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(EEA)
    if roll < 0.7:
        return rng.choice(ADEQUATE)
    if roll < 0.98:
        return rng.choice(OTHER)
    return "unknown"


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


def synthetic_register(nodes: int, seed: int = 0, gap_share: float = 0.1) -> Register:
    """About ``nodes`` entities: 5% categories, 20% activities, 25% systems, 40% processors, 10% recipients."""
    rng = random.Random(seed)
    n_categories = max(1, nodes // 20)
    n_activities = max(1, nodes // 5)
    n_systems = max(1, nodes // 4)
    n_processors = max(TIERS, nodes * 2 // 5)
    n_recipients = max(1, nodes // 10)

    categories = [
        {
            "key": f"cat-{i}",
            "name": f"Category {i}",
            "parent": f"cat-{rng.randrange(i)}" if i and rng.random() < 0.5 else None,
            "special_category": rng.random() < 0.02,
        }
        for i in range(n_categories)
    ]
    tiers: list[list[str]] = [[] for _ in range(TIERS)]
    for i in range(n_processors):
        tiers[min(TIERS - 1, i * TIERS // n_processors)].append(f"proc-{i}")
    processors = []
    engaged_by: dict[str, list[str]] = {}
    for tier, keys in enumerate(tiers):
        for key in keys:
            locations = sorted({_location(rng) for _ in range(rng.randint(1, 2))})
            subs = []
            if tier + 1 < TIERS:
                for sub in sorted(set(rng.sample(tiers[tier + 1], k=min(2, len(tiers[tier + 1]))))):
                    subs.append({"processor": sub, "safeguards": _safeguard(rng, "3", gap_share)})
                    engaged_by.setdefault(sub, []).append(key)
            if key in engaged_by and rng.random() < 0.05:
                # Vendors that subcontract to each other make small cycles, as real ones do.
                subs.append({"processor": rng.choice(engaged_by[key]), "safeguards": []})
            processors.append(
                {
                    "key": key,
                    "legal_name": f"Processor {key}",
                    "service_category": "hosting",
                    "established_in": locations[0],
                    "processing_locations": locations,
                    "dpa": {"reference": f"DPA {key}"} if rng.random() > 0.05 else None,
                    "safeguards": _safeguard(rng, "2", gap_share),
                    "sub_processors": subs,
                }
            )
    systems = [
        {
            "key": f"sys-{i}",
            "name": f"System {i}",
            "kind": "saas",
            "operator": rng.choice(tiers[0]) if rng.random() < 0.9 else None,
            "hosting": [_location(rng) if rng.random() < 0.2 else rng.choice(EEA)],
        }
        for i in range(n_systems)
    ]
    recipients = [
        {
            "key": f"rec-{i}",
            "name": f"Recipient {i}",
            "kind": "other_controller",
            "locations": [_location(rng)],
            "occasional": rng.random() < 0.5,
            "safeguards": _safeguard(rng, "1", gap_share),
        }
        for i in range(n_recipients)
    ]
    activities = []
    for i in range(n_activities):
        basis = [] if rng.random() < gap_share else [{"basis": "6(1)(b)"}]
        activities.append(
            {
                "key": f"act-{i}",
                "name": f"Activity {i}",
                "role": "controller" if rng.random() < 0.9 else "processor",
                "controllers_served": ["Customer"],
                "purposes": ["Synthetic purpose"],
                "legal_bases": basis,
                "data_categories": sorted({f"cat-{rng.randrange(n_categories)}" for _ in range(2)}),
                "systems": sorted({f"sys-{rng.randrange(n_systems)}" for _ in range(2)}),
                "recipients": [f"rec-{rng.randrange(n_recipients)}"] if rng.random() < 0.3 else [],
                "retention": None
                if rng.random() < gap_share
                else {"kind": "event", "trigger": "until_account_deleted"},
            }
        )
    return Register.model_validate(
        {
            "organisation": {"name": "Synthetic AS", "address": {"country": "NO"}},
            "data_categories": categories,
            "activities": activities,
            "systems": systems,
            "processors": processors,
            "recipients": recipients,
        }
    )
