"""``python -m catalog`` runs the CLI."""

from catalog.cli.app import run

run()
