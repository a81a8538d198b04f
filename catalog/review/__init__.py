"""Keeping the register alive: review dates, what falls due, what breaks next, sub-processor change notices.

Built on the compliance engine (``catalog.compliance``) and the reference data; no I/O of its own
beyond what the callers pass in.
"""
