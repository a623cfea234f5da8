"""ticketcli.record behaves as dataclasses does for everything the project uses."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketcli.record import FrozenInstanceError, asdict, field, field_names, is_record, record


def both(frozen: bool = False):
    """The same class made by dataclasses and by record."""

    def body():
        class Item:
            name: str
            count: int = 0
            tags: list = None  # replaced below
            note: str = ""

        return Item

    made = []
    for deco, fld in ((dataclasses.dataclass(frozen=frozen), dataclasses.field), (record(frozen=frozen), field)):
        ns = {
            "__annotations__": {"name": "str", "count": "int", "tags": "list", "note": "str", "cache": "dict"},
            "count": 0,
            "tags": fld(default_factory=tuple if frozen else list),
            "note": "",
            "cache": fld(default=None, compare=False),
        }
        made.append(deco(type("Item", (), ns)))
    return made


@pytest.mark.parametrize("frozen", [False, True])
def test_init_repr_eq_and_hash_match_dataclasses(frozen):
    dc, rc = both(frozen)
    for args, kwargs in [(("a",), {}), (("a", 2), {"note": "x"}), ((), {"name": "b", "tags": [1]}), (("a", 1, [2], "n", {"c": 1}), {})]:
        d, r = dc(*args, **kwargs), rc(*args, **kwargs)
        assert repr(d) == repr(r)
        assert dataclasses.asdict(d) == asdict(r)
        assert (d == dc(*args, **kwargs)) == (r == rc(*args, **kwargs)) is True
        if frozen and not isinstance(d.tags, list):
            assert hash(d) == hash(r)
    assert rc("a", cache=1) == rc("a", cache=2)  # compare=False
    assert rc("a") != rc("b") and rc("a") != ("a",)
    if not frozen:
        assert rc("a").tags is not rc("a").tags  # a fresh list for each instance
        with pytest.raises(TypeError):
            hash(rc("a"))
        assert rc.__hash__ is None and dc.__hash__ is None


@pytest.mark.parametrize(
    "args, kwargs",
    [((), {}), (("a", 1, [], "", None, "extra"), {}), (("a",), {"name": "b"}), (("a",), {"colour": "red"})],
)
def test_wrong_arguments_are_type_errors_as_with_dataclasses(args, kwargs):
    dc, rc = both()
    with pytest.raises(TypeError):
        dc(*args, **kwargs)
    with pytest.raises(TypeError):
        rc(*args, **kwargs)


def test_frozen_records_refuse_changes():
    _, rc = both(frozen=True)
    item = rc("a")
    with pytest.raises(FrozenInstanceError):
        item.name = "b"
    with pytest.raises(FrozenInstanceError):
        del item.count
    with pytest.raises(AttributeError):  # as dataclasses' own FrozenInstanceError is
        item.other = 1
    assert item.name == "a"
    assert {item, rc("a")} == {item}


def test_defaults_stay_class_attributes_as_with_dataclasses():
    dc, rc = both()
    for cls in (dc, rc):
        assert cls.count == 0 and cls.note == "" and cls.cache is None
        assert not hasattr(cls, "tags")


def test_definition_errors():
    with pytest.raises(TypeError):

        @record
        class Bad:
            a: int = 1
            b: int

    with pytest.raises(ValueError):

        @record
        class Mutable:
            a: list = []

    with pytest.raises(ValueError):
        field(default=1, default_factory=int)


def test_inheritance_orders_fields_as_dataclasses_does():
    @record
    class Base:
        a: int
        b: int = 2

    @record
    class Child(Base):
        c: int = 3
        a: int = 0

    assert repr(Child()) == "test_inheritance_orders_fields_as_dataclasses_does.<locals>.Child(a=0, b=2, c=3)"
    assert Child(5).a == 5 and Child(5) != Base(5)
    assert field_names(Child) == ("a", "b", "c") and field_names(Base) == ("a", "b")


def test_methods_defined_in_the_class_win():
    @record
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Named("x")) == "<x>"


def test_asdict_recurses_and_copies():
    @record
    class Inner:
        values: list = field(default_factory=list)

    @record
    class Outer:
        inner: Inner
        items: list = field(default_factory=list)
        map: dict = field(default_factory=dict)
        pair: tuple = ()

    outer = Outer(Inner([1, 2]), [Inner([3])], {"k": Inner()}, (Inner(), 1))
    plain = asdict(outer)
    assert plain == {"inner": {"values": [1, 2]}, "items": [{"values": [3]}], "map": {"k": {"values": []}}, "pair": ({"values": []}, 1)}
    plain["inner"]["values"].append(9)
    assert outer.inner.values == [1, 2]
    assert is_record(outer) and not is_record(plain)
    with pytest.raises(TypeError):
        asdict(plain)


def test_copy_and_pickle():
    from ticketcli.model import Ticket

    ticket = Ticket(type="other", description="x")
    assert copy.deepcopy(ticket) == ticket
    assert pickle.loads(pickle.dumps(ticket)) == ticket
    from ticketcli.rules.model import Finding

    assert is_record(ticket) and is_record(Finding.__new__(Finding))


@given(st.text(), st.integers(), st.lists(st.integers()), st.text())
def test_any_values_round_trip_like_dataclasses(name, count, tags, note):
    dc, rc = both()
    d, r = dc(name, count, tags, note), rc(name, count, tags, note)
    assert repr(d) == repr(r)
    assert dataclasses.asdict(d) == asdict(r)
