"""The register's relationships as a graph (``edges``) and the lineage of a data category (``lineage``)."""
