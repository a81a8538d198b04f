"""Words the pages share, marked for translation: the kinds of entity and the severities.

Marked with ``N_`` here and translated where shown (``kind_plural(kind, _)``), so each page uses the same
word for the same thing in every language.
"""

from __future__ import annotations

from catalog.app.language import N_, Lang, Translate
from catalog.app.review import Severity, TitleLang
from catalog.domain.register import EntityKind

KIND_PLURALS = {
    EntityKind.DATA_CATEGORY: N_("Data categories"),
    EntityKind.DATA_SUBJECT: N_("Data subjects"),
    EntityKind.ACTIVITY: N_("Activities"),
    EntityKind.SYSTEM: N_("Systems"),
    EntityKind.PROCESSOR: N_("Processors"),
    EntityKind.RECIPIENT: N_("Recipients"),
    EntityKind.COUNTRY_ASSESSMENT: N_("Country assessments"),
    EntityKind.TIA: N_("Transfer impact assessments"),
}
KIND_SINGULARS = {
    EntityKind.DATA_CATEGORY: N_("data category"),
    EntityKind.DATA_SUBJECT: N_("data subject"),
    EntityKind.ACTIVITY: N_("activity"),
    EntityKind.SYSTEM: N_("system"),
    EntityKind.PROCESSOR: N_("processor"),
    EntityKind.RECIPIENT: N_("recipient"),
    EntityKind.COUNTRY_ASSESSMENT: N_("country assessment"),
    EntityKind.TIA: N_("transfer impact assessment (TIA)"),
}
SEVERITIES = {
    Severity.CRITICAL: N_("Critical"),
    Severity.HIGH: N_("High"),
    Severity.MEDIUM: N_("Medium"),
    Severity.LOW: N_("Low"),
    Severity.INFO: N_("Info"),
}


def kind_plural(kind: EntityKind, _: Translate) -> str:
    """'Processors', 'Behandlingsaktiviteter', ...: a heading or a count's label."""
    return _(KIND_PLURALS[kind])


def kind_singular(kind: EntityKind, _: Translate) -> str:
    """'processor', 'databehandler', ...: in a sentence, lower case."""
    return _(KIND_SINGULARS[kind])


def severity_word(severity: Severity | str, _: Translate) -> str:
    """'High', 'Høy', ...: a severity as a label."""
    return _(SEVERITIES[Severity(severity)])


COLOURS = (N_("green"), N_("amber"), N_("red"), N_("grey"))
"""The status colours' names (``STATUS_STYLES[status].colour``), marked so a legend reads ``_(colour)``."""


def title_lang(lang: Lang) -> TitleLang:
    """The language as the rule-title and status-label functions take it (a literal, not the enum)."""
    return "nb" if lang == Lang.NB else "en"


CHANGES = (N_("added"), N_("removed"), N_("changed"))
"""How an entity differs between two points of the history (``EntityDiff.change``), marked for ``_(change)``."""


ROLES = (N_("controller"), N_("processor"))
"""Our role in an activity (``ProcessingRole``), marked for ``_(role.value)``."""


LAYOUTS = (
    N_("ICO controller template"),
    N_("Datatilsynet's controller protocol"),
    N_("this tool's ROPA export (ICO layout with an activity column)"),
)
"""The import layouts' labels (``Layout.label``), marked for ``_(layout.label)``."""


def section_heading(kind: str, _: Translate) -> str:
    """An import plan's kind ("processors", or "organisation") as a heading: 'Processors', 'Databehandlere'."""
    if kind in {k.value for k in EntityKind}:
        return kind_plural(EntityKind(kind), _)
    return _("Organisation")


PLACES = (N_("Unknown location"),)
"""The lineage view's name for the unknown place (``ui.components.graph.display_name``), marked for ``_()``."""


OPERATIONS = (
    N_("seed"),
    N_("create"),
    N_("edit"),
    N_("delete"),
    N_("import"),
    N_("import-fides"),
    N_("copy"),
)
"""The change log's operations (``context(operation)``), marked for ``_(entry.operation)``."""
