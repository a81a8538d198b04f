"""The ``catalog`` command line: thin commands over catalog.services."""
