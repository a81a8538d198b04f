"""Progress reporting: what the long use cases (import, check, export) report their stages to."""

from __future__ import annotations

from catalog.kernel.progress import SILENT as SILENT
from catalog.kernel.progress import Progress as Progress
