"""Turn register entities into form values and back, and place validation problems at their field.

Scalar fields get their own widget; nested structures (safeguards, sub-processors, retention ...)
are edited as YAML, each in its own box, so a problem is still shown at the field it belongs to.
"""

from __future__ import annotations

import types
from datetime import date
from enum import Enum
from typing import Any, Literal, Union, get_args, get_origin

import yaml
from pydantic.fields import FieldInfo

from catalog.domain.register import Entity, EntityKind
from catalog.errors import Problem, RegisterValidationError
from catalog.yamlsource import dump_yaml

WidgetKind = Literal["text", "bool", "optional_bool", "enum", "lines", "yaml"]


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _base(annotation: Any) -> Any:
    """Annotated[str, ...] -> str."""
    while hasattr(annotation, "__metadata__"):
        annotation = get_args(annotation)[0]
    return annotation


def widget_kind(info: FieldInfo) -> WidgetKind:
    annotation, optional = _strip_optional(info.annotation)
    annotation = _base(annotation)
    if annotation is bool:
        return "optional_bool" if optional else "bool"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "enum"
    if annotation is str:
        return "text"
    if get_origin(annotation) is list and _base(get_args(annotation)[0]) is str:
        return "lines"
    return "yaml"


def enum_options(info: FieldInfo) -> list[str]:
    annotation = _base(_strip_optional(info.annotation)[0])
    return [member.value for member in annotation]


def optional(info: FieldInfo) -> bool:
    return _strip_optional(info.annotation)[1]


def form_values(kind: EntityKind, entity: Entity | None) -> dict[str, Any]:
    """Initial widget values for every field of the kind's model."""
    data = entity.model_dump(mode="json") if entity is not None else {}
    values: dict[str, Any] = {}
    for name, info in kind.model.model_fields.items():
        value = data.get(name)
        match widget_kind(info):
            case "text" | "enum":
                values[name] = "" if value is None else str(value)
            case "bool":
                values[name] = bool(value if value is not None else info.default is True)
            case "optional_bool":
                values[name] = "not stated" if value is None else ("yes" if value else "no")
            case "lines":
                values[name] = "\n".join(value or [])
            case "yaml":
                values[name] = "" if value in (None, [], {}) else dump_yaml(value).rstrip()
    return values


def parse_form(kind: EntityKind, values: dict[str, Any]) -> dict[str, Any]:
    """Widget values to model input; YAML syntax errors become problems at their field."""
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, info in kind.model.model_fields.items():
        value = values.get(name)
        match widget_kind(info):
            case "text" | "enum":
                text = str(value or "").strip()
                if text or not optional(info):
                    data[name] = text
            case "bool":
                data[name] = bool(value)
            case "optional_bool":
                data[name] = {"yes": True, "no": False}.get(str(value))
            case "lines":
                data[name] = [line.strip() for line in str(value or "").splitlines() if line.strip()]
            case "yaml":
                text = str(value or "").strip()
                if not text:
                    continue
                try:
                    data[name] = _plain(yaml.safe_load(text))
                except yaml.YAMLError as error:
                    mark = getattr(error, "problem_mark", None)
                    where = f" (line {mark.line + 1})" if mark is not None else ""
                    problems.append(Problem(f"not valid YAML{where}", field=name))
    if problems:
        raise RegisterValidationError(problems)
    return data


def _plain(value: Any) -> Any:
    """YAML reads 2024-05-01 as a date; the models accept the ISO text just as well."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def problems_by_field(error: RegisterValidationError) -> dict[str | None, list[str]]:
    """Problems keyed by the top-level field they concern (None: the entity as a whole)."""
    placed: dict[str | None, list[str]] = {}
    for problem in error.problems:
        top = problem.field.split(".", 1)[0] if problem.field else None
        detail = problem.message
        if problem.field and "." in problem.field:
            detail = f"{problem.field.split('.', 1)[1]}: {detail}"
        placed.setdefault(top, []).append(detail)
    return placed
