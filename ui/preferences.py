"""A signed-in user's UI preferences (today: the language), kept in a small JSON file on the server.

Keyed by the user's identity from the login provider, so the choice follows the person to another browser
or a new session. Without a login there is no person to key on: the ``?lang=`` query parameter in the
address keeps the choice instead (ui/session.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

PREFERENCES_ENV = "CATALOG_UI_PREFERENCES"
"""Where the file lives; by default in the user's config folder of the account serving the UI."""


def preferences_path() -> Path:
    configured = os.environ.get(PREFERENCES_ENV)
    if configured:
        return Path(configured)
    return Path.home() / ".config" / "gdpr-transfer-catalog" / "ui-preferences.json"


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no file yet, or one not written by us: no preference
        return {}
    return loaded if isinstance(loaded, dict) else {}


def preferred_language(user: str, path: Path | None = None) -> str | None:
    """The language ``user`` chose last, if any."""
    chosen = _read(path or preferences_path()).get(user, {})
    value = chosen.get("language") if isinstance(chosen, dict) else None
    return value if isinstance(value, str) else None


def remember_language(user: str, language: str, path: Path | None = None) -> None:
    """Keep ``user``'s choice; a file that cannot be written leaves the choice to this session only."""
    target = path or preferences_path()
    everyone = _read(target)
    mine = everyone.get(user)
    everyone[user] = {**(mine if isinstance(mine, dict) else {}), "language": language}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(everyone, indent=2, sort_keys=True), encoding="utf-8")
        temporary.replace(target)  # whole or not at all: two sessions saving at once never leave half a file
    except OSError:
        return
