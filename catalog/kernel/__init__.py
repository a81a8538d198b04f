"""Support every layer leans on: progress reporting, GC pausing, guarded file reading, YAML with lines.

Imports nothing from ``catalog`` but ``catalog.errors``; everything else may import it.
"""
