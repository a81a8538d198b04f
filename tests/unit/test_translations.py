"""The bokmål catalogs are complete and current: every marked string has a translation, none is stale.

A failure names the .po file and the string; ``python -m tools.i18n update`` adds new strings (to be
translated) and drops stale ones.
"""

from __future__ import annotations

import pytest

from catalog.kernel.i18n import AREAS, N_, plural_translator, translate, translator
from tools import i18n


@pytest.mark.parametrize("area", sorted(AREAS))
def test_nb_catalog_is_complete_and_current(area: str) -> None:
    assert i18n.problems("nb", area) == []


def test_a_string_has_one_translation_across_areas() -> None:
    # every area's catalog is merged into one at run time: two translations of one string would be a lottery
    assert i18n.inconsistencies("nb") == []


def test_english_is_the_source_language() -> None:
    assert translate(N_("a string no catalog holds"), "en") == "a string no catalog holds"
    assert translator("nb")("a string no catalog holds") == "a string no catalog holds"
    assert plural_translator("en")("one finding", "{count} findings", 2) == "{count} findings"


def test_the_check_reports_a_missing_translation(tmp_path, monkeypatch) -> None:
    source = tmp_path / "probe.py"
    source.write_text('from catalog.kernel.i18n import N_\nX = N_("A probe string")\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setitem(AREAS, "probe", ("probe.py",))
    assert i18n.problems("nb", "probe") == ["locale/nb/LC_MESSAGES/probe.po: missing: 'A probe string'"]
    i18n.update("nb", "probe")
    assert i18n.problems("nb", "probe") == ["locale/nb/LC_MESSAGES/probe.po: untranslated: 'A probe string'"]
    po = tmp_path / "locale" / "nb" / "LC_MESSAGES" / "probe.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr ""', 'msgstr "En {x} prøvestreng"'), encoding="utf-8")
    assert i18n.problems("nb", "probe") == ["locale/nb/LC_MESSAGES/probe.po: placeholders differ: 'A probe string'"]
    source.write_text("X = 1\n", encoding="utf-8")
    stale = "locale/nb/LC_MESSAGES/probe.po: stale (no longer in the sources): 'A probe string'"
    assert i18n.problems("nb", "probe") == [stale]
