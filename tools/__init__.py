"""Development tooling, not shipped in the product package: the test Neo4j server and synthetic registers."""
