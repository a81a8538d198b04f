"""What a person reads about a field: its label, and a validation problem in plain words.

The models stay the single source of what a field accepts; this module only names fields and
rewords pydantic's errors, so neither the CLI nor the UI ever shows a validator's wording.
"""

from __future__ import annotations

import re
import types
from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from catalog.errors import Problem
from catalog.kernel.i18n import N_, translate
from catalog.kernel.phrase import Joined, Phrase, error_message, render

# Labels that the field name does not spell well. Keyed by (model name, field) first, then field.
_MODEL_LABELS: dict[tuple[str, str], str] = {
    ("TransferImpactAssessment", "assessed_on"): "TIA date",
    ("TransferImpactAssessment", "outcome"): "TIA outcome",
    ("TransferImpactAssessment", "reference"): "TIA reference",
    ("SubProcessorEngagement", "processor"): "Sub-processor",
    ("SubProcessorEngagement", "locations"): "Locations",
    ("Certification", "reference"): "List entry link",
    ("DataProcessingAgreement", "reference"): "Agreement reference",
    ("DataProcessingAgreement", "signed_on"): "Signed on",
    ("Safeguard", "instrument"): "Instrument",
    ("Safeguard", "module"): "SCC module",
    ("Dpia", "status"): "DPIA status",
    ("Dpia", "reference"): "DPIA reference",
    ("Dpia", "completed_on"): "DPIA completed on",
    ("DataFlow", "to"): "To system or recipient",
    ("Organisation", "name"): "Legal name",
    ("RetentionRule", "kind"): "Retention kind",
    ("Provenance", "field"): "Field",
    ("Provenance", "value"): "Value in the field",
    ("Provenance", "basis"): "Stated, reading or assumption",
}
_LABELS: dict[str, str] = {
    "key": "Key",
    "dpa": "Data processing agreement",
    "tia": "Transfer impact assessment",
    "dpia": "DPIA",
    "established_in": "Established in",
    "processing_locations": "Processing locations",
    "can_access_data": "Can access the data in the clear",
    "sub_processors": "Sub-processors",
    "art9_condition": "Art. 9(2) condition",
    "legal_bases": "Legal bases",
    "basis": "Legal basis",
    "special_category": "Special category (Art. 9)",
    "criminal_data": "Criminal offence data (Art. 10)",
    "data_subjects": "Data subjects",
    "dpo_appointed": "DPO appointed",
    "organisation_number": "Organisation number",
    "supplementary_measures": "Supplementary measures",
    "signed_on": "Signed on",
    "valid_from": "Valid from",
    "valid_until": "Valid until",
    "certified_from": "Certified from",
    "certified_until": "Certified until",
    "automated_decision_making": "Automated decision-making",
    "consent_withdrawal": "How consent is withdrawn",
    "controllers_served": "Controllers served",
    "joint_controllers": "Joint controllers",
    "security_measures": "Security measures",
    "business_function": "Business function",
    "legitimate_interest": "Legitimate interest",
    "service_category": "Service category",
    "legal_name": "Legal name",
    "provenance": "Readings and assumptions",
}


def field_label(model: type[BaseModel] | None, name: str) -> str:
    """The label a person reads for a field of a model."""
    if model is not None and (model.__name__, name) in _MODEL_LABELS:
        return _MODEL_LABELS[(model.__name__, name)]
    return _LABELS.get(name) or name.replace("_", " ").capitalize()


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> (X, True); anything else -> (annotation, False)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) < len(get_args(annotation)):
            return (args[0] if len(args) == 1 else Union[tuple(args)]), True  # noqa: UP007
    return annotation, False


def base_type(annotation: Any) -> Any:
    """``Annotated[str, ...]`` -> ``str``."""
    while hasattr(annotation, "__metadata__"):
        annotation = get_args(annotation)[0]
    return annotation


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (alone, optional or as list items), if any."""
    annotation = base_type(strip_optional(base_type(annotation))[0])
    if get_origin(annotation) is list:
        annotation = base_type(get_args(annotation)[0])
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _choices(annotation: Any) -> list[str]:
    """The values an enum or literal field accepts, for the message."""
    values: list[str] = []
    for arg in get_args(annotation) or (annotation,):
        arg = base_type(arg)
        if isinstance(arg, type) and issubclass(arg, Enum):
            values.extend(str(member.value) for member in arg)
        elif get_origin(arg) is Literal:
            values.extend(str(value) for value in get_args(arg))
        elif arg is not type(None):
            values.extend(_choices_of_literal(arg))
    return values


def _choices_of_literal(annotation: Any) -> list[str]:
    return [str(value) for value in get_args(annotation)] if get_origin(annotation) is Literal else []


def _is_location(annotation: Any) -> bool:
    """Whether a field holds locations (its validators include the location check)."""
    return "normalise_location" in repr(annotation)


def _walk(
    model: type[BaseModel], loc: Sequence[str | int]
) -> tuple[list[str], type[BaseModel] | None, Any, list[str | int]]:
    """Labels along an error location ("row N" for list items), the leaf's model and annotation, and the
    location up to the field (pydantic appends the member of a union it tried, e.g. 'str-enum[SccModule]')."""
    labels: list[str] = []
    current: type[BaseModel] | None = model
    annotation: Any = None
    leaf_model: type[BaseModel] | None = model
    path: list[str | int] = []
    for part in loc:
        if isinstance(part, int):
            labels.append(Row(part + 1))
        elif current is None:
            break
        elif part not in current.model_fields:
            labels.append(str(part).replace("_", " "))
            path.append(part)
            break
        else:
            leaf_model = current
            info = current.model_fields[part]
            # keep the field's own validators (pydantic moves a top-level Annotated's into metadata)
            annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            labels.append(field_label(current, part))
            current = nested_model(annotation)
        path.append(part)
    return labels, leaf_model, annotation, path


_QUOTED_FIELD = re.compile(r"'([a-z_]+)'")


def _our_message(text: str, model: type[BaseModel] | None, lang: str = "en") -> str:
    """Our validators' messages, with any quoted field name replaced by its label (in ``lang``); a phrase keeps
    its own wording and is relabelled once it is worded."""
    if model is None:
        return text
    if hasattr(text, "render"):
        return _Relabelled(text, model)

    def label(match: re.Match[str]) -> str:
        name = match.group(1)
        return (
            f"'{FieldLabel(field_label(model, name)).render(lang)}'" if name in model.model_fields else match.group(0)
        )

    return _QUOTED_FIELD.sub(label, text)


class _Relabelled(str):
    """A validator's phrase whose quoted field names ('module') read as the fields' labels in each language."""

    inner: object
    model: type[BaseModel]

    def __new__(cls, inner: object, model: type[BaseModel]) -> _Relabelled:
        text = super().__new__(cls, _our_message(str(inner), model))
        text.inner = inner
        text.model = model
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Relabelled, (self.inner, self.model))

    def render(self, lang: str) -> str:
        return _our_message(render(self.inner, lang), self.model, lang)


def plain_text(error_type: str, annotation: Any, message: str, model: type[BaseModel] | None) -> str:
    """What is wrong, for a person, without the validator's wording (a ``Phrase``: worded in any language)."""
    example = date(2025, 6, 30).isoformat()
    if error_type == "missing":
        inner = base_type(strip_optional(annotation)[0]) if annotation is not None else None
        if inner is date:
            return Phrase(N_("required; enter a date such as {example}"), example=example)
        if annotation is not None and _is_location(annotation):
            return Phrase(N_("required; choose a country, or 'unknown' when the source does not say"))
        choices = _choices(strip_optional(annotation)[0]) if annotation is not None else []
        if choices:
            return Phrase(N_("required; choose one of: {choices}"), choices=", ".join(choices))
        return Phrase(N_("required; fill it in"))
    if error_type.startswith(("date_", "datetime_")):
        return Phrase(N_("enter a date such as {example}"), example=example)
    if error_type in ("enum", "literal_error"):
        if annotation:
            return Phrase(N_("choose one of: {choices}"), choices=", ".join(_choices(strip_optional(annotation)[0])))
        return Phrase(N_("choose a value"))
    if error_type in ("string_too_short",):
        return Phrase(N_("must not be empty"))
    if error_type == "too_short":
        return Phrase(N_("needs at least one entry"))
    if error_type.startswith("bool"):
        return Phrase(N_("choose yes or no"))
    if error_type in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        return Phrase(N_("this kind of value is not accepted here"))
    if error_type == "extra_forbidden":
        return Phrase(N_("is not a field of this record"))
    if error_type == "value_error":
        return _our_message(message if hasattr(message, "render") else message.removeprefix("Value error, "), model)
    return Phrase(N_("this value is not accepted"))


def plain_problems(model: type[BaseModel], error: ValidationError) -> list[Problem]:
    """Pydantic's errors as located problems in plain words, each naming the field's label.

    A field inside a list names its row: "TIA date (Safeguards, row 1): enter a date such as 2025-06-30".
    """
    problems: dict[str | None, Problem] = {}
    for item in error.errors():
        loc = [part for part in item["loc"] if isinstance(part, int | str)]
        labels, leaf_model, annotation, path = _walk(model, loc)
        where = ".".join(str(p) for p in path) or None
        if where in problems:  # one message per field, even when each member of a union objected
            continue
        text = plain_text(str(item["type"]), annotation, error_message(item), _nested_or(leaf_model, annotation))
        problems[where] = Problem(_located(labels, text), field=where)
    return list(problems.values())


def _nested_or(leaf: type[BaseModel] | None, annotation: Any) -> type[BaseModel] | None:
    """A model-level error names the nested model's fields; a field error its own model's."""
    return nested_model(annotation) if annotation is not None and nested_model(annotation) else leaf


def describe(labels: list[str]) -> str:
    """["Safeguards", "row 1", "TIA date"] -> "TIA date (Safeguards, row 1)", each label worded in any language."""
    if not labels:
        return Phrase(N_("This record"))
    words = [label if isinstance(label, Row) else FieldLabel(label) for label in labels]
    if len(words) == 1:
        return words[0]
    *context, leaf = words
    if isinstance(leaf, Row):  # the whole row is wrong
        return Joined(", ", [*context, leaf])
    return Phrase(N_("{field} ({context})"), field=leaf, context=Joined(", ", context))


class FieldLabel(str):
    """A field's English label, worded in another language through the UI's translated field labels."""

    def render(self, lang: str) -> str:
        return str(self) if lang == "en" else translate(str(self), lang)


class Row(str):
    """'row 3' of a list field, in any language."""

    number: int

    def __new__(cls, number: int) -> Row:
        text = super().__new__(cls, f"row {number}")
        text.number = number
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Row, (self.number,))

    def render(self, lang: str) -> str:
        return Phrase(N_("row {number}"), number=self.number).render(lang)


def _located(labels: list[str], text: str) -> Phrase:
    """'TIA date (Safeguards, row 1): enter a date such as 2025-06-30'."""
    return Phrase(N_("{field}: {problem}"), field=describe(labels), problem=text)


def label_problem(model: type[BaseModel], problem: Problem) -> Problem:
    """A problem located by field path (e.g. a reference check) reworded to name the field's label."""
    if not problem.field:
        return problem
    labels, leaf_model, _, _ = _walk(model, [int(p) if p.isdigit() else p for p in problem.field.split(".")])
    return Problem(_located(labels, _our_message(problem.message, leaf_model)), field=problem.field)
