"""A GDPR processor and international-transfer register kept as a graph."""

__version__ = "0.1.0"
