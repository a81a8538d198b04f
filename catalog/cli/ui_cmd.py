"""``catalog ui``: seed an empty store, then serve the Streamlit app on it.

Safe by default: the server listens on 127.0.0.1 unless ``--address`` says otherwise, and an instance
reachable beyond this machine without a login configured (OIDC in ``.streamlit/secrets.toml``, see
docs/ui.md) serves every visitor read-only, unless ``--allow-anonymous-write`` is given.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import tomllib
from pathlib import Path
from typing import Annotated

import typer

from catalog.app import register as register_app
from catalog.app.language import N_, Phrase
from catalog.app.register import REPO_ROOT
from catalog.app.stores import default_store_url
from catalog.cli.common import StoreOption, opened_store
from catalog.errors import InputError

APP_SCRIPT = REPO_ROOT / "ui" / "app.py"
DEFAULT_ADDRESS = "127.0.0.1"


def streamlit_command(port: int, address: str) -> list[str]:
    """The streamlit invocation; usage statistics off so the app makes no outside requests."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


def is_loopback(address: str) -> bool:
    """True when only this machine can connect: 127.0.0.0/8, ::1 or ``localhost``.

    Any other name may resolve to an outside interface, and an empty address means every interface.
    """
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def secrets_files() -> list[Path]:
    """The secrets files Streamlit will read (its ``secrets.files`` option, which a config file may change)."""
    from streamlit import config  # imported here: only `catalog ui` needs Streamlit

    return [Path(name) for name in config.get_option("secrets.files")]


def login_configured(files: list[Path]) -> bool:
    """True when a secrets file has an ``[auth]`` section, which makes the app ask every visitor to sign in."""
    for path in files:
        try:
            with path.open("rb") as handle:
                if "auth" in tomllib.load(handle):
                    return True
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise InputError(
                Phrase(N_("{path}: cannot read the Streamlit secrets ({reason})"), path=path, reason=error)
            ) from None
    return False


def ui(
    store: StoreOption = None,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="Serve an auditor instance: no edit controls, every write refused; the store must exist "
            "and is never created, seeded or migrated.",
        ),
    ] = False,
    port: Annotated[int, typer.Option("--port", help="Port to serve on.", min=1, max=65535)] = 8501,
    address: Annotated[
        str,
        typer.Option(
            "--address",
            help="Interface to listen on, e.g. 0.0.0.0 for every one. Beyond loopback without a login "
            "configured, the instance is read-only (see --allow-anonymous-write).",
        ),
    ] = DEFAULT_ADDRESS,
    allow_anonymous_write: Annotated[
        bool,
        typer.Option(
            "--allow-anonymous-write",
            help="Let every visitor edit (DPO) even when listening beyond loopback without a login configured.",
        ),
    ] = False,
) -> None:
    """Open the web UI on a store; an empty store is first seeded with the Verji register.

    Example: catalog ui --port 8600 --read-only
    """
    if read_only and allow_anonymous_write:
        raise InputError(Phrase(N_("--read-only and --allow-anonymous-write contradict each other; give one")))
    url = store or default_store_url()
    # Only a local instance, or one behind the login, may hand out write access without being told to.
    anonymous_beyond_loopback = not is_loopback(address) and not login_configured(secrets_files())
    serve_read_only = read_only or (anonymous_beyond_loopback and not allow_anonymous_write)
    with opened_store(url, read_only=read_only) as opened:
        if opened.is_empty():
            if read_only:
                typer.echo(f"{opened.display_url} is empty; an auditor instance does not seed it", err=True)
            else:
                report = register_app.seed(opened)
                typer.echo(f"Seeded {opened.display_url} with the Verji register ({report.entities} entities)")
    where = address or "every interface"
    if anonymous_beyond_loopback and not read_only:
        if allow_anonymous_write:
            typer.echo(f"Listening on {where} with no login configured: every visitor can edit the register", err=True)
        else:
            typer.echo(
                f"Listening on {where} with no login configured: every visitor gets read-only (auditor) "
                "access. For DPO access configure the OIDC login (docs/ui.md, Roles) or pass "
                "--allow-anonymous-write.",
                err=True,
            )
    env = dict(os.environ, CATALOG_STORE=url, CATALOG_UI_READ_ONLY="1" if serve_read_only else "0")
    command = streamlit_command(port, address)
    sys.stdout.flush()
    # exec: the server takes over this process, so Ctrl-C and signals reach it directly
    os.execve(command[0], command, env)
