"""Bringing registers in: the import plan every import goes through, and the readers of each source.

``plan`` compares the stored register with the one an import would leave behind (entities added,
removed and changed, the findings that appear or disappear on the as-of date) and guards against an
import that would wipe data. The readers (YAML directories, spreadsheets, vendor sub-processor lists)
only build the incoming register; they never write.
"""
