"""Interoperability: the register in the field's vocabularies (W3C DPV, Fides manifests), out and in."""
