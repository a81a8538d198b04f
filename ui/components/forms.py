"""Forms generated from the domain models: every field gets a real widget chosen from its type.

``widget_for`` maps a field to a widget kind (a test checks every field of every entity kind has
one, so a new field without a widget fails); ``render_model`` draws the widgets and returns the
values as model input. The model then validates them: nothing here decides what a field accepts.

Widget state lives under stable keys ``<prefix>:<field path>``. Adding or removing a list item
rewrites the draft the widgets start from and forgets the widgets below that list.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Literal, Protocol, get_args, get_origin

import pandas as pd
import pycountry
import streamlit as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from catalog.app.language import N_, Lang, translator
from catalog.domain import models as m
from catalog.domain.dates import EXAMPLE, NotADateError, parse_day
from catalog.domain.fieldtext import base_type, field_label, nested_model, strip_optional
from catalog.domain.location import (
    INTERNATIONAL_ORGANISATIONS,
    REGIONS,
    UNKNOWN,
    local_country_name,
    normalise_location,
)
from catalog.domain.register import EntityKind, Register, display_name
from catalog.domain.vocab import LegalBasis, SccModule
from catalog.reference import ReferenceData
from ui.components.text import md
from ui.components.vocabulary import VOCABULARY

WidgetKind = Literal[
    "key",
    "text",
    "bool",
    "optional_bool",
    "enum",
    "date",
    "location",
    "locations",
    "ref",
    "refs",
    "strings",
    "enums",
    "number",
    "instrument",
    "programme",
    "model",
    "items",
    "table",
]
TABLE_CELLS = frozenset(
    {
        "text",
        "bool",
        "optional_bool",
        "enum",
        "enums",
        "number",
        "date",
        "location",
        "locations",
        "ref",
        "refs",
        "programme",
    }
)
NONE = ""  # the "not set" choice of an optional selectbox
YES_NO = ["unknown", "yes", "no"]

# Fields holding keys of other entities: which kinds they may name.
REFERENCES: dict[tuple[type[BaseModel], str], tuple[EntityKind, ...]] = {
    (m.DataCategory, "parent"): (EntityKind.DATA_CATEGORY,),
    (m.System, "operator"): (EntityKind.PROCESSOR,),
    (m.SubProcessorEngagement, "processor"): (EntityKind.PROCESSOR,),
    (m.ProcessingActivity, "data_categories"): (EntityKind.DATA_CATEGORY,),
    (m.ProcessingActivity, "data_subjects"): (EntityKind.DATA_SUBJECT,),
    (m.ProcessingActivity, "systems"): (EntityKind.SYSTEM,),
    (m.ProcessingActivity, "recipients"): (EntityKind.RECIPIENT,),
    (m.DataFlow, "to"): (EntityKind.SYSTEM, EntityKind.RECIPIENT),
    (m.DataFlow, "data_categories"): (EntityKind.DATA_CATEGORY,),
}
SPECIAL: dict[tuple[type[BaseModel], str], WidgetKind] = {
    (m.Safeguard, "instrument"): "instrument",
    (m.Certification, "programme"): "programme",
}
# The order a person fills a record in, where declaration order reads badly; other fields follow.
FIELD_ORDER: dict[type[BaseModel], tuple[str, ...]] = {
    m.Safeguard: ("kind", "instrument", "module", "signed_on", "valid_from", "valid_until", "derogation", "occasional"),
    m.Processor: ("legal_name", "key", "service_category", "established_in", "processing_locations"),
    m.System: ("name", "key", "kind", "operator", "hosting"),
    m.Recipient: ("name", "key", "kind", "locations"),
    m.ProcessingActivity: ("name", "key", "role", "business_function"),
    m.DataCategory: ("name", "key", "parent"),
    m.DataSubjectCategory: ("name", "key"),
}
# Lists of nested records shown one sub-form per item rather than as a table (they nest further).
ITEM_FORMS: frozenset[type[BaseModel]] = frozenset({m.Safeguard})


def _validators(info_or_annotation: Any) -> list[Any]:
    metadata = list(getattr(info_or_annotation, "metadata", []) or [])
    annotation = getattr(info_or_annotation, "annotation", info_or_annotation)
    annotation = strip_optional(annotation)[0]
    while hasattr(annotation, "__metadata__"):
        metadata.extend(annotation.__metadata__)
        annotation = get_args(annotation)[0]
    return [getattr(item, "func", None) for item in metadata]


def _is_location(info_or_annotation: Any) -> bool:
    return normalise_location in _validators(info_or_annotation)


def _is_enum(annotation: Any) -> bool:
    annotation = base_type(strip_optional(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return True
    if get_origin(annotation) is Literal:
        return True
    args = get_args(annotation)
    return bool(args) and all(_is_enum(arg) for arg in args)


def widget_for(model: type[BaseModel], name: str) -> WidgetKind:
    """The widget that edits a field; raises for a field no widget can edit (so tests catch it)."""
    info = model.model_fields[name]
    if (model, name) in SPECIAL:
        return SPECIAL[(model, name)]
    annotation, _ = strip_optional(info.annotation)
    annotation = base_type(annotation)
    is_list = get_origin(annotation) is list
    item = base_type(get_args(annotation)[0]) if is_list else annotation
    if (model, name) in REFERENCES:
        return "refs" if is_list else "ref"
    if name == "key" and item is str:
        return "key"
    if is_list:
        nested = nested_model(info.annotation)
        if nested is not None:
            return "items" if nested in ITEM_FORMS else "table"
        if _is_location(get_args(annotation)[0]):
            return "locations"
        if _is_enum(item):
            return "enums"
        if item is str:
            return "strings"
    elif nested_model(info.annotation) is not None:
        return "model"
    elif annotation is bool:
        return "optional_bool" if strip_optional(info.annotation)[1] else "bool"
    elif annotation is date:
        return "date"
    elif annotation in (int, float):
        return "number"
    elif _is_location(info):
        return "location"
    elif _is_enum(annotation):
        return "enum"
    elif annotation is str:
        return "text"
    raise TypeError(f"no widget for {model.__name__}.{name} ({info.annotation})")


def is_optional(info: FieldInfo) -> bool:
    return strip_optional(info.annotation)[1] or not info.is_required()


def enum_values(annotation: Any) -> list[str]:
    annotation = base_type(strip_optional(annotation)[0])
    values: list[str] = []
    for arg in get_args(annotation) if get_origin(annotation) is not Literal else (annotation,):
        arg = base_type(arg)
        if isinstance(arg, type) and issubclass(arg, Enum):
            values.extend(str(member.value) for member in arg)
        elif get_origin(arg) is Literal:
            values.extend(str(v) for v in get_args(arg))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values = [str(member.value) for member in annotation]
    return values


_MODULES = {module.value: f"Module {module.value}: {module.name[0]} to {module.name[2]}" for module in SccModule}
_ROLE = {"C": N_("controller"), "P": N_("processor")}


def enum_label(value: str, lang: Lang = Lang.EN) -> str:
    """A readable label for a vocabulary value, in ``lang``."""
    _ = translator(lang)
    if value in _MODULES:
        name = SccModule(value).name
        return _("Module {number}: {exporter} to {importer}").format(
            number=value, exporter=_(_ROLE[name[0]]), importer=_(_ROLE[name[2]])
        )
    if value == UNKNOWN:
        return _("unknown (not stated)")
    if value in VOCABULARY:
        return _(VOCABULARY[value])
    return vocabulary_label(value)


_LANGUAGE_NAMES = {"en": "English (en)", "nb": "Norwegian bokmål (nb)"}
"""A register's own language setting offers these (``Lang``); a language reads as its name, not its code."""


_SPELLED = {
    "dpo": "Data protection officer (DPO)",
    "eu_representative": "EU representative (Art. 27)",
    "e2e_encryption_keys_in_eea": "End-to-end encryption, keys in the EEA",
    "e2e_encryption": "End-to-end encryption",
    "hr": "HR (personnel data)",
    "non_hr": "Not HR data",
    "crm": "Customer relationship management (CRM)",
    "saas": "Software as a service (SaaS)",
}
"""Values whose own spelling reads wrong as a label (acronyms: 'Crm', 'Saas')."""


def vocabulary_label(value: str) -> str:
    """The English label of a vocabulary value, from the value itself (``VOCABULARY`` marks them for translation)."""
    if value in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[value]
    try:
        return f"{LegalBasis(value).label} ({value})"
    except ValueError:
        pass
    if value[:1].isdigit():
        return f"Art. {value}"
    if value in _SPELLED:
        return _SPELLED[value]
    return value.replace("_", " ").capitalize().replace("Dpf", "DPF").replace("Scc", "SCC").replace("Bcr", "BCR")


@cache
def location_options(lang: Lang = Lang.EN) -> list[str]:
    """'unknown' first, the EU/EEA tokens, then every country by its name in ``lang``."""
    return list(_location_options(lang))


@cache
def _location_options(lang: Lang) -> tuple[str, ...]:
    countries = sorted((c.alpha_2 for c in pycountry.countries), key=lambda code: local_country_name(code, lang))
    return (UNKNOWN, *REGIONS, *countries, *INTERNATIONAL_ORGANISATIONS)


def location_code(text: str) -> str:
    """A location typed in a table cell: a code, "unknown", or a country's name ("Norway", "united states").

    Text that names no country is returned as typed, so the save refuses it with a message naming the
    field instead of the row vanishing."""
    try:
        return normalise_location(text)
    except ValueError:
        pass
    try:
        return str(pycountry.countries.lookup(text.strip()).alpha_2)
    except LookupError:
        return text


def location_label(code: str, lang: Lang = Lang.EN) -> str:
    if code == UNKNOWN:
        _ = translator(lang)
        return _("unknown (not stated)")
    return f"{local_country_name(code, lang)} ({code})"


def instrument_choices(reference: ReferenceData, lang: Lang = Lang.EN) -> dict[str, str]:
    """Instrument id -> label, grouped by kind (SCC decisions, then adequacy decisions), each by date."""
    _ = translator(lang)
    choices = {NONE: _("not set"), UNKNOWN: _("unknown (the source does not say which)")}
    for scc in sorted(reference.scc.entries, key=lambda d: d.valid_from, reverse=True):
        choices[scc.id] = _("SCC decision · {act} · {status}").format(act=scc.act, status=_(scc.status.value))
    for decision in sorted(reference.adequacy.entries, key=lambda d: (d.valid_from, d.country), reverse=True):
        choices[decision.id] = _("Adequacy decision · {country} · {name} · from {date} · {status}").format(
            country=local_country_name(decision.country, lang),
            name=decision.name,
            date=decision.valid_from.isoformat(),
            status=_(decision.status.value),
        )
    return choices


INSTRUMENT_STATUSES = (N_("in_force"), N_("repealed"), N_("expired"), N_("invalidated"))
"""The reference data's instrument statuses, marked for ``_(status)`` (shown as the reference data spells them)."""


def programme_choices(reference: ReferenceData, lang: Lang = Lang.EN) -> dict[str, str]:
    _ = translator(lang)
    return {
        p.id: _("{name} (from {date})").format(name=p.name, date=p.valid_from.isoformat())
        for p in reference.programmes.entries
    }


def entity_names(register: Register | None, kinds: tuple[EntityKind, ...]) -> dict[str, str]:
    """Key -> "Name (key)" of every entity of the kinds, sorted by name."""
    if register is None:
        return {}
    found: dict[str, str] = {}
    for kind in kinds:
        for entity in register.entities(kind):
            found[entity.key] = display_name(entity)
    return dict(sorted(found.items(), key=lambda item: item[1].lower()))


def named(name: str | None, key: str) -> str:
    """Name first, key as secondary detail."""
    return f"{name} ({key})" if name and name != key else key


class WidgetState(Protocol):
    """The visitor's widget values, as ``ui.session`` keeps them (a component does not reach the session itself)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def forget_prefixed(self, prefix: str) -> None: ...

    def put(self, key: str, value: Any) -> None: ...


@dataclass
class FormContext:
    """Everything the widgets of one form share."""

    prefix: str
    register: Register | None
    reference: ReferenceData
    errors: dict[str, list[str]] = field(default_factory=dict)
    editing: bool = False  # the entity exists: its key cannot change
    disabled: bool = False
    focus: str | None = None  # the field path a deep link opened the form at
    hint: str | None = None  # what to do there (the finding's rule and remediation)
    structural: list[tuple[str, Callable[[dict[str, Any]], None]]] = field(default_factory=list)
    shown: set[str] = field(default_factory=set)
    widgets: WidgetState = field(kw_only=True)
    lang: Lang = field(default=Lang.EN, kw_only=True)

    def hint_here(self, path: str) -> None:
        """The finding's hint, at the field that fixes it; the page scrolls there and focuses the field."""
        if self.focus and path == self.focus:
            with st.container(key=f"{self.prefix}__fix_here"):
                if self.hint:
                    _ = translator(self.lang)
                    st.info(md(_("Fix here: {hint}").format(hint=self.hint)), icon=None)
                st.html(_focus_script(f"{self.prefix}__fix_here"), unsafe_allow_javascript=True, width="content")

    def key(self, path: str) -> str:
        return f"{self.prefix}:{path}"

    def labels(self, label: Callable[[str, Lang], str]) -> Callable[[str], str]:
        """``label`` (``enum_label``, ``location_label``) in the form's language, as a widget's format_func."""
        return lambda value: label(value, self.lang)

    def show_errors(self, path: str, nested: bool = False) -> None:
        for where, messages in self.errors.items():
            if where == path or (nested and where.startswith(path + ".")):
                self.shown.add(where)
                for message in messages:
                    st.error(md(message))


def _css_class(key: str) -> str:
    """Streamlit's class for a keyed element: every character outside [A-Za-z0-9_-] becomes '-'."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


# Scrolls the marked hint into view and focuses the first input (or button) after it. The form's tables
# load after the script has run and push the field down, so it follows the field for a few seconds,
# and stops at once when the person scrolls, clicks or types. Each drawn marker is handled once (a rerun
# keeps the element), so a later rerun never takes the focus back.
_FOCUS_JS = """<script>
(() => {
  const marker = () => document.querySelector(".%s");
  const inputs = 'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]),'
    + ' button[data-testid^="stBaseButton"]';
  let field = null, stopped = false, started = Date.now();
  const stop = () => { stopped = true; };
  const follow = () => {
    const here = marker();
    if (stopped || Date.now() - started > 8000 || (here && here.dataset.fixFocused === "done")) return;
    if (here && !field) {
      field = [...document.querySelectorAll(inputs)].find(
        (el) => here.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      if (field) {
        here.dataset.fixFocused = "following";
        field.focus({preventScroll: true});
        for (const type of ["wheel", "mousedown", "keydown", "touchstart"]) {
          window.addEventListener(type, stop, {once: true, capture: true});
        }
        setTimeout(() => { stop(); here.dataset.fixFocused = "done"; }, 3000);
      }
    }
    if (field) {
      const box = field.getBoundingClientRect();
      if (box.top < 80 || box.bottom > window.innerHeight - 20) here.scrollIntoView({block: "start"});
      if (document.activeElement === document.body) field.focus({preventScroll: true});
    }
    requestAnimationFrame(follow);
  };
  follow();
})();
</script>"""


def _focus_script(key: str) -> str:
    return _FOCUS_JS % _css_class(key)


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT or value == ""


def _set(data: dict[str, Any], name: str, value: Any, optional: bool) -> None:
    """Leave an empty field out: an optional one takes its default, a required one is reported missing."""
    if not _blank(value):
        data[name] = value


def render_model(
    ctx: FormContext, model: type[BaseModel], initial: dict[str, Any], path: str = "", columns: int = 2
) -> dict[str, Any]:
    """Draw a widget per field of ``model`` (in declaration order) and return the model input."""
    data: dict[str, Any] = {}
    first = [n for n in FIELD_ORDER.get(model, ()) if n in model.model_fields]
    ordered = first + [n for n in model.model_fields if n not in first]
    simple = [n for n in ordered if widget_for(model, n) not in ("model", "items", "table")]
    for start in range(0, len(simple), columns):
        row = st.columns(columns) if columns > 1 else [st.container()]
        for cell, name in zip(row, simple[start : start + columns], strict=False):
            with cell:
                _render_field(ctx, model, name, initial.get(name), f"{path}{name}", data)
    for name in ordered:
        if name not in simple:
            _render_field(ctx, model, name, initial.get(name), f"{path}{name}", data)
    return data


def _render_field(
    ctx: FormContext, model: type[BaseModel], name: str, value: Any, path: str, data: dict[str, Any]
) -> None:
    """Draw one field's widget (chosen by ``widget_for``) and put its value into ``data``.

    A nested record, a list of records or a table draws its own fields, hints and errors; any other
    widget gets the finding's hint above it and the field's errors below it.
    """
    info = model.model_fields[name]
    kind = widget_for(model, name)
    optional = is_optional(info)
    _ = translator(ctx.lang)
    label = _(field_label(model, name)) + ("" if optional or kind == "bool" else " *")
    if kind == "model":
        _render_nested(ctx, model, name, value, path, data, label, optional)
    elif kind == "items":
        _render_items(ctx, model, name, value, path, data, label)
    elif kind == "table":
        _render_table(ctx, model, name, value, path, data, label)
    else:
        ctx.hint_here(path)
        _WIDGETS[kind](ctx, _Field(model, name, info, kind, optional, label, ctx.key(path), ctx.lang), value, data)
        ctx.show_errors(path)


@dataclass(frozen=True)
class _Field:
    """One field whose widget is being drawn: its model, how it is labelled, and its widget's state key."""

    model: type[BaseModel]
    name: str
    info: FieldInfo
    kind: WidgetKind
    optional: bool
    label: str
    key: str

    lang: Lang = Lang.EN

    @property
    def help(self) -> str | None:
        """The field's description, in the reader's language where the catalogs have it."""
        return translator(self.lang)(self.info.description) if self.info.description else None

    def help_with(self, advice: str) -> str:
        return f"{self.help} {advice}" if self.help else advice


def _key_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    text = st.text_input(f.label, value or "", key=f.key, help=f.help, disabled=ctx.disabled or ctx.editing)
    _set(data, f.name, text.strip(), False)


def _text_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    text = st.text_input(f.label, value or "", key=f.key, help=f.help, disabled=ctx.disabled)
    _set(data, f.name, text.strip(), f.optional)


def _bool_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    default = f.info.default if isinstance(f.info.default, bool) else False
    data[f.name] = st.checkbox(
        f.label, bool(default if value is None else value), key=f.key, help=f.help, disabled=ctx.disabled
    )


def _optional_bool_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    _ = translator(ctx.lang)
    current = "unknown" if value is None else ("yes" if value else "no")
    words = {"unknown": _("unknown"), "yes": _("yes"), "no": _("no")}
    chosen = st.selectbox(
        f.label, YES_NO, YES_NO.index(current), format_func=words.__getitem__, key=f.key, help=f.help,
        disabled=ctx.disabled,
    )  # fmt: skip
    data[f.name] = {"yes": True, "no": False}.get(chosen)


def _enum_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    options = ([NONE] if f.optional else []) + enum_values(f.info.annotation)
    label = ctx.labels(enum_label)
    _select(ctx, f.label, options, value, label, f.key, f.help, f.name, data, f.optional)


def _date_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    """A typed date: the common forms are read (``parse_day``); anything else is kept, so the save refuses it,
    and the field says at once what to type."""
    _ = translator(ctx.lang)
    stored = _date(value)
    text = st.text_input(
        f.label,
        stored.isoformat() if stored else ("" if value is None else str(value)),
        key=f.key,
        help=f.help_with(
            _("Type the date as {example} (or 20.11.2026, 2026/11/20); leave empty when not set.").format(
                example=EXAMPLE
            )
        ),
        placeholder=_("YYYY-MM-DD"),
        disabled=ctx.disabled,
        on_change=_as_iso_date,
        args=(ctx.widgets, f.key),
    ).strip()
    if not text:
        return
    try:
        data[f.name] = parse_day(text).isoformat()
    except NotADateError:
        data[f.name] = text
        st.error(
            md(
                _("“{text}” is not a date: type it as {example}, or as 20.11.2026 or 2026/11/20.").format(
                    text=text, example=EXAMPLE
                )
            )
        )


def _as_iso_date(widgets: WidgetState, key: str) -> None:
    """A date typed in another accepted form is shown back as YYYY-MM-DD: the reader sees how it was read."""
    typed = str(widgets.get(key) or "")
    with contextlib.suppress(NotADateError):  # else kept as typed; the field says what to type
        widgets.put(key, parse_day(typed).isoformat())


def _location_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    place = ctx.labels(location_label)
    _select(ctx, f.label, location_options(ctx.lang), value, place, f.key, f.help, f.name, data, f.optional)


def _locations_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    _ = translator(ctx.lang)
    places = st.multiselect(
        f.label,
        location_options(ctx.lang),
        [v for v in value or [] if v in location_options(ctx.lang)],
        format_func=ctx.labels(location_label),
        key=f.key,
        help=f.help,
        placeholder=_("Type a country name, or choose unknown"),
        disabled=ctx.disabled,
    )
    data[f.name] = list(places)


def _ref_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    names = entity_names(ctx.register, REFERENCES[(f.model, f.name)])
    options = ([NONE] if f.optional else []) + list(names)
    if value and value not in options:
        options.append(value)
    _select(ctx, f.label, options, value, lambda k: named(names.get(k, k), k), f.key, f.help, f.name, data, f.optional)


def _refs_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    names = entity_names(ctx.register, REFERENCES[(f.model, f.name)])
    options = list(names) + [v for v in value or [] if v not in names]
    keys = st.multiselect(
        f.label, options, list(value or []), format_func=lambda k: named(names.get(k, k), k), key=f.key,
        help=f.help, disabled=ctx.disabled,
    )  # fmt: skip
    data[f.name] = list(keys)


def _enums_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    item = get_args(base_type(strip_optional(f.info.annotation)[0]))[0]
    picked = st.multiselect(
        f.label, enum_values(item), [str(v) for v in value or []], format_func=ctx.labels(enum_label), key=f.key,
        help=f.help, disabled=ctx.disabled,
    )  # fmt: skip
    data[f.name] = list(picked)


def _number_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    _ = translator(ctx.lang)
    number = st.number_input(
        f.label, value=value, key=f.key, help=f.help, disabled=ctx.disabled, placeholder=_("not set")
    )
    _set(data, f.name, number, f.optional)


def _strings_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    _ = translator(ctx.lang)
    entries = st.multiselect(
        f.label,
        list(value or []),
        list(value or []),
        key=f.key,
        help=f.help_with(_("Type a new entry and press Enter to add it.")),
        accept_new_options=True,
        placeholder=_("Type to add"),
        disabled=ctx.disabled,
    )
    data[f.name] = [str(v).strip() for v in entries if str(v).strip()]


def _instrument_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    choices = instrument_choices(ctx.reference, ctx.lang)
    options = list(choices) + ([value] if value and value not in choices else [])
    _select(ctx, f.label, options, value, lambda i: choices.get(i, i), f.key, f.help, f.name, data, True)


def _programme_widget(ctx: FormContext, f: _Field, value: Any, data: dict[str, Any]) -> None:
    choices = programme_choices(ctx.reference, ctx.lang)
    options = list(choices) + ([value] if value and value not in choices else [])
    _select(ctx, f.label, options, value, lambda i: choices.get(i, i), f.key, f.help, f.name, data, False)


# The widget of every kind but the nested ones (model, items, table), which draw their own fields.
_WIDGETS: dict[WidgetKind, Callable[[FormContext, _Field, Any, dict[str, Any]], None]] = {
    "key": _key_widget,
    "text": _text_widget,
    "bool": _bool_widget,
    "optional_bool": _optional_bool_widget,
    "enum": _enum_widget,
    "date": _date_widget,
    "location": _location_widget,
    "locations": _locations_widget,
    "ref": _ref_widget,
    "refs": _refs_widget,
    "enums": _enums_widget,
    "number": _number_widget,
    "strings": _strings_widget,
    "instrument": _instrument_widget,
    "programme": _programme_widget,
}


def _select(
    ctx: FormContext,
    label: str,
    options: list[str],
    value: Any,
    fmt: Callable[[str], str],
    key: str,
    help_text: str | None,
    name: str,
    data: dict[str, Any],
    optional: bool,
) -> None:
    _ = translator(ctx.lang)
    current = NONE if value is None else str(value)
    index = options.index(current) if current in options else None
    chosen = st.selectbox(
        label,
        options,
        index=index,
        format_func=lambda o: _("not set") if o == NONE else fmt(o),
        key=key,
        help=help_text,
        placeholder=_("Choose …"),
        disabled=ctx.disabled,
    )
    _set(data, name, None if chosen in (None, NONE) else chosen, optional)


def _render_nested(
    ctx: FormContext,
    model: type[BaseModel],
    name: str,
    value: Any,
    path: str,
    data: dict[str, Any],
    label: str,
    optional: bool,
) -> None:
    nested = nested_model(model.model_fields[name].annotation)
    assert nested is not None
    _ = translator(ctx.lang)
    with st.container(border=True):
        st.markdown(f"**{md(label.rstrip(' *'))}**")
        ctx.hint_here(path)
        present = True
        if optional:
            present = st.checkbox(
                _("Record {what}").format(what=label.lower()),
                value is not None,
                key=ctx.key(path + ".__present"),
                disabled=ctx.disabled,
            )
        if present:
            data[name] = render_model(ctx, nested, dict(value or {}), f"{path}.", columns=3)
        ctx.show_errors(path)


def _render_items(
    ctx: FormContext, model: type[BaseModel], name: str, value: Any, path: str, data: dict[str, Any], label: str
) -> None:
    nested = nested_model(model.model_fields[name].annotation)
    assert nested is not None
    _ = translator(ctx.lang)
    items: list[dict[str, Any]] = list(value or [])
    singular = label.rstrip(" *").removesuffix("s") if ctx.lang == Lang.EN else label.rstrip(" *")
    collected: list[dict[str, Any]] = []
    st.markdown(f"**{md(label.rstrip(' *'))}**")
    ctx.hint_here(path)
    ctx.show_errors(path)
    for i, item in enumerate(items):
        with st.container(border=True):
            head, remove = st.columns([5, 1])
            head.markdown(f"{md(singular)} {i + 1}")
            ctx.hint_here(f"{path}.{i}")
            collected.append(render_model(ctx, nested, dict(item), f"{path}.{i}.", columns=3))
            ctx.show_errors(f"{path}.{i}")
            if remove.button(_("Remove"), key=ctx.key(f"{path}.{i}.__remove"), disabled=ctx.disabled):
                ctx.structural.append((path, _remover(name, i)))
    data[name] = collected
    if st.button(_("Add {what}").format(what=singular.lower()), key=ctx.key(f"{path}.__add"), disabled=ctx.disabled):
        ctx.structural.append((path, lambda d: d[name].append({})))


def _remover(name: str, index: int) -> Callable[[dict[str, Any]], None]:
    def remove(data: dict[str, Any]) -> None:
        data[name].pop(index)

    return remove


def _as_text(format_func: Callable[[str], str]) -> Callable[[Any], str]:
    return lambda value: format_func(str(value))


def _cell(kind: WidgetKind, value: Any) -> Any:
    if kind == "date":
        return _date(value)
    if kind == "optional_bool":
        return "unknown" if value is None else ("yes" if value else "no")
    if kind in ("locations", "refs", "enums"):
        return list(value or [])
    if kind == "bool":
        return bool(value)
    if kind == "number":
        return value
    return "" if value is None else value


def _uncell(kind: WidgetKind, value: Any) -> Any:
    if kind == "date":
        day = None if _blank(value) else value
        if isinstance(day, pd.Timestamp | datetime):
            day = day.date()
        return day.isoformat() if isinstance(day, date) else day
    if kind == "optional_bool":
        return {"yes": True, "no": False}.get(str(value))
    if kind == "number":
        return None if _blank(value) else value
    if kind in ("locations", "refs", "enums"):
        if hasattr(value, "tolist"):  # a numpy array from the table
            value = value.tolist()
        values = [str(v) for v in value] if isinstance(value, list | tuple) else [] if _blank(value) else [str(value)]
        return [location_code(v) for v in values] if kind == "locations" else values
    if kind == "location" and not _blank(value):
        return location_code(str(value))
    if kind == "bool":
        return bool(value) if not _blank(value) else False
    return None if _blank(value) else str(value).strip() or None


def _render_table(
    ctx: FormContext, model: type[BaseModel], name: str, value: Any, path: str, data: dict[str, Any], label: str
) -> None:
    """A list of small records as an editable table; fields that nest further get a sub-form per row.

    The table's cells are read back into records; a deleted row takes its sub-form's fields with it, and
    the others keep theirs from the row they came from.
    """
    nested = nested_model(model.model_fields[name].annotation)
    assert nested is not None
    rows: list[dict[str, Any]] = list(value or [])
    table = _Table.of(nested)
    config = {column: _column_config(ctx, nested, column, table.cells[column]) for column in table.columns}
    frame = table.frame(rows)
    st.markdown(f"**{md(label.rstrip(' *'))}**")
    ctx.hint_here(path)
    key = ctx.key(path)
    edited = st.data_editor(
        frame,
        column_config=config,
        num_rows="fixed" if ctx.disabled else "dynamic",
        hide_index=False,
        key=key,
        disabled=ctx.disabled,
        width="stretch",
        placeholder="",  # an empty cell reads blank, not "None"
    )
    state = ctx.widgets.get(key) or {}
    deleted = set(state.get("deleted_rows", [])) if isinstance(state, dict) else set()
    kept = [i for i in range(len(rows)) if i not in deleted]  # the stored row behind each edited one
    out = table.records(edited, rows, kept)
    ctx.show_errors(path, nested=True)
    _render_row_details(ctx, table, rows, kept, out, path, label)
    data[name] = out


@dataclass(frozen=True)
class _Table:
    """How a list of records is tabled: a column per field a cell can edit, the other fields as details."""

    nested: type[BaseModel]
    cells: dict[str, WidgetKind]
    columns: list[str]
    details: list[str]

    @classmethod
    def of(cls, nested: type[BaseModel]) -> _Table:
        cells = {n: widget_for(nested, n) for n in nested.model_fields}
        columns = [n for n, k in cells.items() if k in TABLE_CELLS]
        return cls(nested, cells, columns, [n for n in nested.model_fields if n not in columns])

    def frame(self, rows: list[dict[str, Any]]) -> pd.DataFrame:
        columns = self.columns
        frame = pd.DataFrame(
            [{c: _cell(self.cells[c], row.get(c)) for c in columns} for row in rows] or None, columns=columns
        )
        for column in columns:
            if self.cells[column] == "date":
                frame[column] = frame[column].astype("object")
        return frame

    def records(self, edited: pd.DataFrame, rows: list[dict[str, Any]], kept: list[int]) -> list[dict[str, Any]]:
        """The edited table as records, each with the detail fields of the stored row it came from."""
        out: list[dict[str, Any]] = []
        for position, (_, row) in enumerate(edited.iterrows()):
            record: dict[str, Any] = {}
            for column in self.columns:
                info = self.nested.model_fields[column]
                _set(record, column, _uncell(self.cells[column], row.get(column)), is_optional(info))
            original = kept[position] if position < len(kept) else None
            source = rows[original] if original is not None else {}
            for detail in self.details:
                if source.get(detail) not in (None, [], {}):
                    record[detail] = source[detail]
            out.append(record)
        return out


def _column_config(ctx: FormContext, nested: type[BaseModel], column: str, kind: WidgetKind) -> Any:
    """The table column that edits one field, with the same choices and labels as its form widget."""
    _ = translator(ctx.lang)
    info = nested.model_fields[column]
    # A required field is marked in its title only: a column configured ``required`` keeps a new row
    # with that cell empty in the browser and never sends it, so the save would drop it silently.
    # Sent as is, the model refuses it with a message naming the row and the field, and the row stays.
    title = _(field_label(nested, column)) + ("" if is_optional(info) or kind == "bool" else " *")
    helptext = _(info.description) if info.description else None
    config = st.column_config
    if kind == "date":
        return config.DateColumn(title, format="YYYY-MM-DD", help=helptext)
    if kind == "bool":
        return config.CheckboxColumn(title, help=helptext)
    if kind == "optional_bool":
        return config.SelectboxColumn(title, options=YES_NO, help=helptext)
    if kind == "enum":
        return config.SelectboxColumn(
            title, options=enum_values(info.annotation), format_func=_as_text(ctx.labels(enum_label)),
            help=helptext,
        )  # fmt: skip
    if kind == "location":
        return config.SelectboxColumn(
            title,
            options=location_options(ctx.lang),
            format_func=_as_text(ctx.labels(location_label)),
            help=helptext,
        )
    if kind == "locations":
        return config.MultiselectColumn(
            title,
            options=location_options(ctx.lang),
            format_func=ctx.labels(location_label),
            accept_new_options=True,  # a country typed by name is read back as its code (location_code)
            help=helptext,
        )
    if kind == "enums":
        item = get_args(base_type(strip_optional(info.annotation)[0]))[0]
        return config.MultiselectColumn(
            title, options=enum_values(item), format_func=_as_text(ctx.labels(enum_label)), help=helptext
        )
    if kind == "number":
        return config.NumberColumn(title, help=helptext)
    if kind == "programme":
        programmes = programme_choices(ctx.reference, ctx.lang)
        return config.SelectboxColumn(
            title,
            options=list(programmes),
            format_func=_as_text(lambda p: programmes.get(p, p)),
            help=helptext,
        )
    if kind in ("ref", "refs"):
        names = entity_names(ctx.register, REFERENCES[(nested, column)])
        fmt = _as_text(lambda k: named(names.get(k, k), k))
        if kind == "ref":
            return config.SelectboxColumn(title, options=list(names), format_func=fmt, help=helptext)
        return config.MultiselectColumn(title, options=list(names), format_func=fmt, help=helptext)
    return config.TextColumn(title, help=helptext)


def _render_row_details(
    ctx: FormContext,
    table: _Table,
    rows: list[dict[str, Any]],
    kept: list[int],
    out: list[dict[str, Any]],
    path: str,
    label: str,
) -> None:
    """A sub-form per stored row for the fields a cell cannot edit, named after the row's first cell."""
    _ = translator(ctx.lang)
    nested, columns, details = table.nested, table.columns, table.details
    for position, record in enumerate(out):
        original = kept[position] if position < len(kept) else None
        if not details or original is None:
            continue
        first = record.get(columns[0]) if columns else None
        row_names = entity_names(ctx.register, REFERENCES.get((nested, columns[0]), ())) if columns else {}
        shown = row_names.get(str(first), str(first)) if first else _("row {number}").format(number=position + 1)
        with st.expander(_("{table}, row {number} ({shown}): {fields}").format(
            table=label.rstrip(" *"), number=position + 1, shown=md(shown),
            fields=", ".join(_(field_label(nested, d)).lower() for d in details),
        )):  # fmt: skip
            for detail in details:
                _render_field(ctx, nested, detail, rows[original].get(detail), f"{path}.{original}.{detail}", record)


def apply_structural(ctx: FormContext, data: dict[str, Any]) -> dict[str, Any] | None:
    """After drawing: an add or remove changes the draft; the widgets below that list start again from it."""
    if not ctx.structural:
        return None
    for path, change in ctx.structural:
        target = data
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target.setdefault(part, {})  # type: ignore[index]
        target.setdefault(parts[-1], [])
        change(target)
    # every widget of the form starts again from the new draft (a table's edits are in the draft now)
    ctx.widgets.forget_prefixed(ctx.prefix + ":")
    return data
