"""``catalog ui``: seed an empty store, then serve the Streamlit app on it."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from catalog import services
from catalog.cli.common import StoreOption, opened_store
from catalog.services import REPO_ROOT
from catalog.store import default_store_url

APP_SCRIPT = REPO_ROOT / "ui" / "app.py"


def streamlit_command(port: int, address: str | None) -> list[str]:
    """The streamlit invocation; usage statistics off so the app makes no outside requests."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]
    if address:
        command += ["--server.address", address]
    return command


def ui(
    store: StoreOption = None,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Serve an auditor instance: no edit controls, every write refused.")
    ] = False,
    port: Annotated[int, typer.Option("--port", help="Port to serve on.", min=1, max=65535)] = 8501,
    address: Annotated[
        str | None, typer.Option("--address", help="Interface to listen on (Streamlit's default when omitted).")
    ] = None,
) -> None:
    """Open the web UI on a store; an empty store is first seeded with the Verji register.

    Example: catalog ui --port 8600 --read-only
    """
    url = store or default_store_url()
    with opened_store(url) as opened:
        if opened.is_empty():
            if read_only:
                typer.echo(f"{opened.display_url} is empty; an auditor instance does not seed it", err=True)
            else:
                report = services.seed(opened)
                typer.echo(f"Seeded {opened.display_url} with the Verji register ({report.entities} entities)")
    env = dict(os.environ, CATALOG_STORE=url, CATALOG_UI_READ_ONLY="1" if read_only else "0")
    command = streamlit_command(port, address)
    sys.stdout.flush()
    # exec: the server takes over this process, so Ctrl-C and signals reach it directly
    os.execve(command[0], command, env)
