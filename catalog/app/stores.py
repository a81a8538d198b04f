"""Opening stores: the URL chosen by default and the store behind a URL, for the CLI and the UI."""

from __future__ import annotations

from catalog.store import RegisterStore as RegisterStore
from catalog.store import default_store_url as default_store_url
from catalog.store import open_store as open_store
