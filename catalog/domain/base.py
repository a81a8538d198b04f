"""The shared pydantic base and the constrained identifier types every model uses."""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


class InvalidValueError(ValueError):
    """A single field value is malformed; pydantic turns it into a located error."""


def validate_key(value: str) -> str:
    """Keys are stable, lowercase identifiers used in references and graph node ids."""
    if not KEY_PATTERN.match(value):
        raise InvalidValueError(
            Phrase(
                N_(
                    "{value!r} is not a valid key: use 1-100 lowercase letters, digits, '.', '_' or '-', "
                    "starting with a letter or digit"
                ),
                value=value,
            )
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

    def model_post_init(self, context: Any, /) -> None:
        share_fields_set(self)


_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def share_fields_set(model: BaseModel) -> None:
    """Let a model with every field given share its class's one set of field names.

    Pydantic gives each instance its own set of the names it was given, over 1 KB each: a third of the
    memory of a loaded 100k-entity register, whose stored bodies give every field. Pydantic only ever
    adds field names to that set, and the shared set already holds them all, so it never changes.
    """
    every = all_fields_set(type(model))
    if len(model.__pydantic_fields_set__) == len(every):
        object.__setattr__(model, "__pydantic_fields_set__", every)


def all_fields_set(cls: type[BaseModel]) -> set[str]:
    """The one set of all of ``cls``'s field names that its fully given instances share (never mutated)."""
    every = _ALL_FIELDS.get(cls)
    if every is None:
        every = _ALL_FIELDS[cls] = set(cls.model_fields)
    return every


M = TypeVar("M", bound=BaseModel)


def trusted(model: type[M], **values: Any) -> M:
    """A model from values that are valid by construction (engine output, change entries), unvalidated.

    Equal to ``model.model_construct(**values)`` when every field is given (``model_construct`` also
    resolves aliases and defaults per field, which costs several times more at a hundred thousand hops).
    """
    names = _FIELD_NAMES.get(model)
    if names is None:
        names = _FIELD_NAMES[model] = tuple(model.model_fields)
    # Serialisation follows the order of __dict__, so it must be the declaration order, as validation gives.
    # Values given in that order (the engine's hops and findings) are already the fields' dict: the
    # keyword arguments are a new dict of this call's own.
    if tuple(values) != names:
        if values.keys() != set(names):
            raise TypeError(f"{model.__name__} needs exactly its fields: {sorted(names)}, got {sorted(values)}")
        values = {name: values[name] for name in names}
    instance = model.__new__(model)
    _set_dict(instance, values)
    _set_fields_set(instance, all_fields_set(model))
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


_FIELD_NAMES: dict[type[BaseModel], tuple[str, ...]] = {}  # model_fields is a property that costs per call
# The four slots of every pydantic model instance, set through their descriptors (as object.__setattr__
# would, past the model's own __setattr__, but without looking the name up on each call).
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
