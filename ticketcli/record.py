"""Record classes: the part of :mod:`dataclasses` this project uses, without generating code.

``@record`` (or ``@record(frozen=True)``) on a class whose body lists annotated fields gives it
what ``@dataclass`` gives: ``__init__`` taking the fields in order (positionally or by name, with
their defaults and ``field(default_factory=...)``), ``__repr__``, ``__eq__`` over the fields
(``field(compare=False)`` leaves one out), and for frozen records immutability and a
``__hash__``; a mutable record is unhashable, as a dataclass is. :func:`asdict` turns a record
into plain dicts and lists, as :func:`dataclasses.asdict` does.

Why not dataclasses itself: it imports :mod:`inspect` (with ast, dis, tokenize, linecache:
about 45 M instructions) and compiles an ``__init__``, ``__repr__`` and ``__eq__`` for every
class (about 2.5 M each); for the 18 classes on the path of a scripted ``ticket new`` that was
about a fifth of the whole command. A record class costs a dictionary lookup or two to define;
its instances are built by one shared ``__init__`` (a few microseconds more per instance, for
objects made a handful of times per command). ``tests/test_record.py`` holds records and
dataclasses to the same behaviour.
"""

from __future__ import annotations

MISSING = object()


class FrozenInstanceError(AttributeError):
    """Assigning to (or deleting) a field of a frozen record."""


class Field:
    """What :func:`field` says about one field."""

    __slots__ = ("name", "default", "default_factory", "compare")

    def __init__(self, default=MISSING, default_factory=MISSING, compare: bool = True) -> None:
        self.name = ""
        self.default, self.default_factory, self.compare = default, default_factory, compare


def field(*, default=MISSING, default_factory=MISSING, compare: bool = True):
    """A field with a default made by ``default_factory()`` for each instance, or one left out of
    equality and hashing (``compare=False``)."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, compare)


def _fields_of(cls) -> tuple[Field, ...]:
    inherited: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in base.__dict__.get("__record_fields__", ()):
            inherited[f.name] = f
    own = cls.__dict__.get("__annotations__", {})
    for name, annotation in own.items():
        if isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            spec = value
            if spec.default is MISSING:
                delattr(cls, name)  # as dataclasses: no class attribute for a factory or no default
            else:
                setattr(cls, name, spec.default)
        else:
            if isinstance(value, (list, dict, set)):
                raise ValueError(f"mutable default {type(value).__name__} for field {name} is not allowed: use default_factory")
            spec = Field(value)
        spec.name = name
        inherited[name] = spec  # a redefined field keeps its place, as with dataclasses
    fields = tuple(inherited.values())
    seen_default = False
    for f in fields:
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
    return fields


def _init(self, *args, **kwargs) -> None:
    cls = type(self)
    fields = cls.__record_fields__
    if len(args) > len(fields):
        raise TypeError(f"{cls.__name__}() takes {len(fields)} positional arguments but {len(args)} were given")
    put = object.__setattr__
    for index, f in enumerate(fields):
        name = f.name
        if index < len(args):
            if name in kwargs:
                raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
            value = args[index]
        elif name in kwargs:
            value = kwargs.pop(name)
        elif f.default_factory is not MISSING:
            value = f.default_factory()
        elif f.default is not MISSING:
            value = f.default
        else:
            raise TypeError(f"{cls.__name__}() missing 1 required argument: {name!r}")
        put(self, name, value)
    if kwargs:
        raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {next(iter(kwargs))!r}")
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


def _repr(self) -> str:
    cls = type(self)
    inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in cls.__record_fields__)
    return f"{cls.__qualname__}({inner})"


def _key(self) -> tuple:
    return tuple(getattr(self, f.name) for f in type(self).__record_fields__ if f.compare)


def _eq(self, other):
    if other.__class__ is self.__class__:
        return _key(self) == _key(other)
    return NotImplemented


def _hash(self) -> int:
    return hash(_key(self))


def _frozen_setattr(self, name, value):
    if type(self) is self.__record_class__ or name in {f.name for f in self.__record_fields__}:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self, name):
    if type(self) is self.__record_class__ or name in {f.name for f in self.__record_fields__}:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def record(cls=None, /, *, frozen: bool = False):
    """Make ``cls`` a record (see the module's docstring); ``frozen`` forbids changing fields."""

    def wrap(cls):
        cls.__record_fields__ = _fields_of(cls)
        cls.__record_class__ = cls
        body = cls.__dict__
        for name, method in (("__init__", _init), ("__repr__", _repr), ("__eq__", _eq)):
            if name not in body:
                setattr(cls, name, method)
        if frozen:
            for name, method in (("__setattr__", _frozen_setattr), ("__delattr__", _frozen_delattr)):
                if name in body:
                    raise TypeError(f"cannot overwrite attribute {name} in class {cls.__name__}")
                setattr(cls, name, method)
        if "__hash__" not in body or body["__hash__"] is None:
            cls.__hash__ = _hash if frozen else None
        return cls

    return wrap if cls is None else wrap(cls)


def field_names(cls) -> tuple[str, ...]:
    """The names of a record class's fields, in order."""
    return tuple(f.name for f in cls.__record_fields__)


def is_record(obj) -> bool:
    return hasattr(type(obj), "__record_fields__")


def asdict(obj) -> dict:
    """The record ``obj`` as a dict of its fields, records inside it turned into dicts too, and
    lists, tuples and dicts copied (as :func:`dataclasses.asdict` does)."""
    if not is_record(obj):
        raise TypeError("asdict() should be called on record instances")
    return _plain(obj)


def _plain(value):
    if is_record(value):
        return {f.name: _plain(getattr(value, f.name)) for f in type(value).__record_fields__}
    if type(value) in (str, int, float, bool, type(None)):
        return value
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return type(value)(*[_plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_plain(k), _plain(v)) for k, v in value.items())
    import copy

    return copy.deepcopy(value)
