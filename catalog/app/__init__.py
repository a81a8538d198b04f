"""The application layer: what the CLI and the UI do, one module per use-case family.

``catalog/cli/`` and ``ui/`` call this package (besides domain types, errors and reference labels);
nothing here prints or exits.
"""
