"""Errors in the reader's language (issue #30): the CLI prints an error in the command's --lang, else the
register's language setting, else English; the exit code does not depend on the language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from catalog.app import register as services
from catalog.app.language import Lang
from catalog.cli.common import EXIT_BAD_INPUT, EXIT_FAILURE, error_language, report_error
from catalog.domain.models import System
from catalog.domain.register import EntityKind
from catalog.domain.vocab import SystemKind
from catalog.errors import CatalogError, ConcurrentEditError, ReadOnlyError
from catalog.store.base import RegisterStore
from catalog.store.readonly import ReadOnlyStore
from tests.cli.conftest import Result, seed_in_bokmal


def _both(run_cli, *args: str) -> tuple[Result, Result]:
    """The same command in bokmål and in English."""
    return run_cli(*args, "--lang", "nb"), run_cli(*args, "--lang", "en")


def test_a_missing_file_is_named_in_bokmal(run_cli, tmp_path: Path) -> None:
    missing = tmp_path / "finnes-ikke.yaml"
    nb, en = _both(run_cli, "import", str(missing))
    assert nb.code == en.code == EXIT_BAD_INPUT
    assert nb.err.startswith("feil: ") and "filen eller mappen finnes ikke" in nb.err, nb.err
    assert "no such file" not in nb.err and "error:" not in nb.err
    assert en.err.startswith("error: ") and "no such file or directory" in en.err


def test_a_bad_csv_row_is_named_in_bokmal(run_cli, tmp_path: Path) -> None:
    sheet = tmp_path / "lonn.csv"
    sheet.write_bytes("Processing activity,Purpose of processing\nL\u00f8nn,Payroll\n".encode("cp1252"))
    nb, en = _both(run_cli, "import", str(sheet), "--dry-run")
    assert nb.code == en.code == EXIT_BAD_INPUT
    assert "linje 2: ikke gyldig utf-8" in nb.err and "oppgi filens tegnkoding med --encoding" in nb.err, nb.err
    assert "not valid" not in nb.err and "give --encoding" not in nb.err
    assert "line 2: not valid utf-8" in en.err


def test_an_unknown_key_and_kind_are_named_in_bokmal(run_cli) -> None:
    assert run_cli("seed").code == 0
    nb, en = _both(run_cli, "show", "activity", "nope")
    assert nb.code == en.code == EXIT_BAD_INPUT
    assert "ingen behandlingsaktivitet med nøkkelen 'nope'" in nb.err, nb.err
    assert "no activity" not in nb.err
    assert "no activity with key 'nope'" in en.err
    kind = run_cli("show", "gadget", "--lang", "nb")
    assert kind.code == EXIT_BAD_INPUT and "ukjent type 'gadget'" in kind.err, kind.err


def test_a_dangling_reference_is_named_in_bokmal(run_cli, tmp_path: Path) -> None:
    assert run_cli("seed").code == 0
    folder = tmp_path / "register"
    assert run_cli("dump", str(folder)).code == 0
    activities = folder / "activities.yaml"
    data = yaml.safe_load(activities.read_text(encoding="utf-8"))
    data["activities"][0]["systems"].append("no-such-system")
    activities.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    nb, en = _both(run_cli, "import", str(folder), "--dry-run")
    assert nb.code == en.code == EXIT_BAD_INPUT
    assert "1 problem i registeret" in nb.err and "viser til 'no-such-system', som ikke finnes i registeret" in nb.err
    assert "which is not in the register" not in nb.err and "problem in the register" not in nb.err
    assert "refers to 'no-such-system', which is not in the register" in en.err


def test_the_registers_language_applies_to_errors_without_lang(run_cli, tmp_path: Path) -> None:
    seed_in_bokmal(run_cli, tmp_path)
    shown = run_cli("show", "processor", "nope")
    assert shown.code == EXIT_BAD_INPUT and "ingen databehandler med nøkkelen 'nope'" in shown.err, shown.err
    assert "no processor" in run_cli("show", "processor", "nope", "--lang", "en").err


def test_the_error_language_comes_from_lang_else_english() -> None:
    assert error_language(["show", "activity", "x", "--lang", "nb"]) == Lang.NB
    assert error_language(["show", "--lang=nb"]) == Lang.NB
    assert error_language(["show", "--lang", "xx"]) == Lang.EN
    assert error_language(["import", "nope.csv"]) == Lang.EN


@pytest.fixture
def seeded(store: RegisterStore) -> RegisterStore:
    services.seed(store)
    return store


def _printed(error: CatalogError, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = report_error(error, Lang.NB)
    return code, capsys.readouterr().err


def test_a_read_only_write_is_refused_in_bokmal(seeded: RegisterStore, capsys: pytest.CaptureFixture[str]) -> None:
    system = System(key="ledger", name="Ledger", kind=SystemKind.APPLICATION, hosting=["NO"])
    with pytest.raises(ReadOnlyError) as caught:
        services.save_entity(ReadOnlyStore(seeded), system, None)
    code, printed = _printed(caught.value, capsys)
    assert code == EXIT_FAILURE and "read-only" in str(caught.value)
    assert "er åpnet skrivebeskyttet (revisor); lagring av system 'ledger' ble avvist" in printed, printed
    assert "was refused" not in printed and "saving" not in printed


def test_a_concurrent_edit_is_refused_in_bokmal(seeded: RegisterStore, capsys: pytest.CaptureFixture[str]) -> None:
    current = seeded.get_entity(EntityKind.SYSTEM, "crm")
    assert current is not None
    services.save_entity(seeded, current.value.model_copy(update={"name": "CRM (theirs)"}), current.version)
    with pytest.raises(ConcurrentEditError) as caught:
        services.save_entity(seeded, current.value.model_copy(update={"name": "CRM (mine)"}), current.version)
    code, printed = _printed(caught.value, capsys)
    assert code == EXIT_BAD_INPUT and "changed by someone else" in str(caught.value)
    assert "system 'crm' ble endret av noen andre" in printed and "ingenting ble lagret" in printed, printed
    assert "someone else" not in printed and "nothing was saved" not in printed


def test_an_imports_warnings_are_worded_in_bokmal(run_cli, tmp_path: Path) -> None:
    sheet = tmp_path / "lonn.csv"
    sheet.write_text(
        "Processing activity,Purpose of processing,Categories of personal data,"
        "Article 6 lawful basis for processing personal data\nPayroll,Pay staff,Bank details,because we want to\n",
        encoding="utf-8",
    )
    nb, en = _both(run_cli, "import", str(sheet), "--dry-run")
    assert nb.code == en.code == 0, nb.err
    assert "Ikke forstått (1; beholdt som ukjent):" in nb.out, nb.out
    warning = next(line for line in nb.out.splitlines() if "because we want to" in line)
    assert warning.strip().startswith("ark 'lonn', rad 2, kolonne") and "som verktøyet leser; utelatt" in warning
    assert "(verdi 'because we want to')" in warning and "left out" not in warning and "sheet" not in warning
    assert "opprettet behandlingsaktivitet 'Payroll'" in nb.out and "created activity" not in nb.out
    assert "not an Art. 6(1) basis this tool reads; left out (value 'because we want to')" in en.out


def test_the_deletion_guard_refuses_in_bokmal(run_cli, tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[2] / "seed" / "verji"
    assert run_cli("import", str(seed)).code == 0
    emptied = tmp_path / "emptied"
    shutil.copytree(seed, emptied)
    (emptied / "activities.yaml").write_bytes(b"")
    nb, en = _both(run_cli, "import", str(emptied))
    assert nb.code == en.code == EXIT_BAD_INPUT
    assert "denne importen ville fjernet hver behandlingsaktivitet" in nb.err and "'Brukerkontoer'" in nb.err, nb.err
    assert "would remove" not in nb.err and "every activity" in en.err and "'User accounts'" in en.err
