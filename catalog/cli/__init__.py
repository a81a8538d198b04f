"""The ``catalog`` command line: thin commands over the application layer, catalog.app."""
