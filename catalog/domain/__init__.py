"""The domain model: pure pydantic types, no I/O. Everything else depends on this package."""
