"""The shared pydantic base and the constrained identifier types every model uses."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


class InvalidValueError(ValueError):
    """A single field value is malformed; pydantic turns it into a located error."""


def validate_key(value: str) -> str:
    """Keys are stable, lowercase identifiers used in references and graph node ids."""
    if not KEY_PATTERN.match(value):
        raise InvalidValueError(
            f"{value!r} is not a valid key: use 1-100 lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return value


Key = Annotated[str, AfterValidator(validate_key)]
"""A register-wide unique identifier, e.g. ``hubspot`` or ``contact.email``."""

NonEmptyStr = Annotated[str, Field(min_length=1)]


class CatalogModel(BaseModel):
    """Base of every domain model: strict about unknown fields, described, validated on assignment."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
        use_enum_values=False,
    )
