"""The ``catalog`` command line: thin commands over catalog.app.register."""
