"""The safeguard editor's model: where a processor's safeguards live and how one is replaced.

A processor carries safeguards for the transfer to it (``safeguards``) and, per sub-processor
engagement, for the onward transfer (``sub_processors.N.safeguards``).
"""

from __future__ import annotations

from typing import Any

from catalog.domain.models import Processor
from catalog.errors import Problem
from catalog.reference import ReferenceData

CONTROLLER_HOP = "safeguards"


def safeguard_lists(processor: Processor) -> dict[str, str]:
    """Field path -> human label of every safeguard list the processor holds."""
    lists = {CONTROLLER_HOP: "Controller → this processor"}
    for i, engagement in enumerate(processor.sub_processors):
        lists[f"sub_processors.{i}.safeguards"] = f"This processor → sub-processor {engagement.processor}"
    return lists


def current_safeguards(processor: Processor, path: str) -> list[dict[str, Any]]:
    data = processor.model_dump(mode="json")
    if path == CONTROLLER_HOP:
        return list(data["safeguards"])
    index = int(path.split(".")[1])
    return list(data["sub_processors"][index]["safeguards"])


def with_safeguard(
    processor: Processor, path: str, index: int | None, safeguard: dict[str, Any] | None
) -> dict[str, Any]:
    """The processor's data with one safeguard replaced (index), added (index None) or removed (safeguard None)."""
    data = processor.model_dump(mode="json")
    if path == CONTROLLER_HOP:
        target: list[dict[str, Any]] = data["safeguards"]
    else:
        target = data["sub_processors"][int(path.split(".")[1])]["safeguards"]
    if index is None:
        if safeguard is not None:
            target.append(safeguard)
    elif safeguard is None:
        del target[index]
    else:
        target[index] = safeguard
    return data


def instrument_choices(reference: ReferenceData) -> dict[str, str]:
    """Reference-data ids a safeguard may name, with labels; 'unknown' when the source does not say."""
    choices = {"": "(none)", "unknown": "unknown (not stated)"}
    choices.update({d.id: f"{d.id}: {d.name}" for d in reference.scc.entries})
    choices.update({d.id: f"{d.id}: adequacy, {d.country}" for d in reference.adequacy.entries})
    return choices


def clean_safeguard(values: dict[str, Any]) -> dict[str, Any]:
    """Form values to safeguard input: empty fields left out, the TIA only when one is recorded."""
    safeguard = {
        name: value
        for name, value in values.items()
        if name not in ("has_tia", "tia_assessed_on", "tia_outcome", "tia_reference") and value not in ("", None)
    }
    if values.get("has_tia"):
        tia = {"assessed_on": values.get("tia_assessed_on"), "outcome": values.get("tia_outcome")}
        if values.get("tia_reference"):
            tia["reference"] = values["tia_reference"]
        safeguard["tia"] = tia
    return safeguard


def safeguard_problems(problems: list[Problem], path: str, index: int) -> dict[str | None, list[str]]:
    """Problems keyed by the safeguard field they concern ('tia' for the assessment; None: elsewhere)."""
    prefix = f"{path}.{index}"
    placed: dict[str | None, list[str]] = {}
    for problem in problems:
        field = problem.field or ""
        if field == prefix or field.startswith(prefix + "."):
            rest = field[len(prefix) + 1 :]
            placed.setdefault(rest.split(".", 1)[0] or None, []).append(problem.message)
        else:
            placed.setdefault(None, []).append(str(problem))
    return placed
