"""The transfer compliance engine: pure functions from a register, reference data and a date to findings."""
