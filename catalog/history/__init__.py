"""The register's history: the hash-chained change log (``chain``) and the register as it was on a date."""
