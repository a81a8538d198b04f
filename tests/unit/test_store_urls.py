from pathlib import Path

import pytest

from catalog.errors import InputError
from catalog.store import open_store


@pytest.mark.parametrize("spelling", ["sqlite:///{p}", "sqlite:////{p}", "{p}"])
def test_embedded_store_urls(tmp_path: Path, spelling: str) -> None:
    target = tmp_path / "x.db"
    store = open_store(spelling.format(p=str(target).lstrip("/")) if "sqlite" in spelling else str(target))
    assert store.display_url == f"sqlite://{target}"
    store.close()
    assert target.exists()


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        open_store(str(tmp_path))


def test_unknown_scheme(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported store URL scheme 'postgres'"):
        open_store("postgres://localhost/db")
