"""Developer tooling: local services and helpers for tests, benchmarks and development."""
