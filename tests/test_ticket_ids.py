"""Ticket ids: ``uuid.uuid4()`` in canonical form, and given ids taken only in that form (an id
names a folder and files, so the other spellings ``uuid.UUID`` accepts are refused)."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketcli.errors import UsageError
from ticketcli.model import Ticket, canonical_uuid, is_uuid, ticket_from_dict


def test_a_new_ticket_gets_a_fresh_version_4_uuid_in_canonical_form():
    a, b = Ticket(type="other"), Ticket(type="other")
    assert a.uuid != b.uuid
    assert uuid.UUID(a.uuid).version == 4 and str(uuid.UUID(a.uuid)) == a.uuid


REFUSED = [
    "", "0" * 32, "{" + str(uuid.uuid4()) + "}", "urn:uuid:" + str(uuid.uuid4()),
    str(uuid.uuid4()).replace("-", ""), "0x" + "1" * 6 + "-1111-1111-1111-111111111111",
    "0x1" + "1" * 5 + "-1111-1111-1111-11111111111\n", " " + str(uuid.uuid4())[1:], str(uuid.uuid4())[:-1] + "\n",
    "g" * 8 + "-1111-1111-1111-111111111111", "١" * 8 + "-1111-1111-1111-111111111111", None, 5,
]


@pytest.mark.parametrize("value", REFUSED)
def test_other_spellings_are_not_ids(value):
    assert canonical_uuid(value) is None
    assert not is_uuid(value)


def test_upper_case_is_read_as_the_canonical_lower_case():
    value = str(uuid.uuid4())
    assert canonical_uuid(value.upper()) == value
    assert is_uuid(value) and not is_uuid(value.upper())


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789abcdefABCDEFgx-{}:_+ \nurnid١"), max_size=40))
def test_an_accepted_id_is_what_uuid_prints(value):
    clean = canonical_uuid(value)
    if clean is not None:
        assert str(uuid.UUID(value)) == clean and clean == value.lower()


def test_a_ticket_document_with_a_bad_uuid_is_refused_and_a_good_one_normalised():
    good = str(uuid.uuid4())
    assert ticket_from_dict({"type": "other", "uuid": good.upper()}, "t.json").uuid == good
    for bad in ("not-a-uuid", "{" + good + "}", "0x" + "1" * 6 + good[8:]):
        with pytest.raises(UsageError, match="'uuid' is not a UUID"):
            ticket_from_dict({"type": "other", "uuid": bad}, "t.json")
