"""Ticket ids: random (version 4, RFC 4122) UUIDs made without importing uuid, and the check of
a given id accepting exactly what ``uuid.UUID`` accepts."""

from __future__ import annotations

import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from ticketcli.model import Ticket, is_uuid, new_uuid, ticket_from_dict


def test_new_uuid_is_a_version_4_rfc_4122_uuid_in_canonical_form():
    seen = set()
    for _ in range(20000):
        value = new_uuid()
        parsed = uuid.UUID(value)
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == value  # lower-case, 8-4-4-4-12
        seen.add(value)
    assert len(seen) == 20000


def test_the_random_bits_are_all_used():
    """Every bit that is not the version or the variant takes both values."""
    ones = zeros = 0
    for _ in range(2000):
        n = uuid.UUID(new_uuid()).int
        ones |= n
        zeros |= ~n
    fixed = (0xF << 76) | (0x3 << 62)  # the version nibble and the variant's two bits
    everything = (1 << 128) - 1
    assert ones & ~fixed & everything == everything & ~fixed
    assert zeros & ~fixed & everything == everything & ~fixed


def test_a_new_ticket_gets_a_fresh_uuid():
    a, b = Ticket(type="other"), Ticket(type="other")
    assert a.uuid != b.uuid and uuid.UUID(a.uuid).version == 4


def accepted_by_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


SPECIAL = [
    "", "0" * 32, "0" * 31, "0" * 33, str(uuid.uuid4()), str(uuid.uuid4()).upper(), "{" + str(uuid.uuid4()) + "}",
    "urn:uuid:" + str(uuid.uuid4()), "uuid:" + str(uuid.uuid4()).replace("-", ""), "g" * 32, " " + "1" * 31,
    "+" + "1" * 31, "1_" + "1" * 30, "0x" + "1" * 30, "-" * 40, "{{" + "a" * 32 + "}}", "1" * 16 + "-" * 9 + "1" * 16,
    "١" * 32, "a" * 31 + "\n", "urn:" * 3 + "f" * 32,
]


def test_is_uuid_agrees_with_uuid_on_tricky_values():
    for value in SPECIAL:
        assert is_uuid(value) == accepted_by_uuid(value), repr(value)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789abcdefABCDEFgxz-{}:_+ \nurnid١"), max_size=45))
def test_is_uuid_agrees_with_uuid(value):
    assert is_uuid(value) == accepted_by_uuid(value)


def test_a_ticket_document_with_a_bad_uuid_is_refused():
    import pytest

    from ticketcli.errors import UsageError

    assert ticket_from_dict({"type": "other", "uuid": str(uuid.uuid4())}, "t.json").type == "other"
    with pytest.raises(UsageError, match="'uuid' is not a UUID"):
        ticket_from_dict({"type": "other", "uuid": "not-a-uuid"}, "t.json")
