"""Property-based tests: arbitrary input never raises anything but the project's own clear errors."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticketcli import validate
from ticketcli.errors import TicketError
from ticketcli.model import Ticket, ticket_from_dict
from ticketcli.problems import TYPES
from ticketcli.store import config

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
ticket_keys = st.sampled_from(["type", "uuid", "lang", "contract", "domain", "contact_email", "subject", "description", "fields", "attachments", "overrides", "version", "profile"])
ticketish = st.dictionaries(ticket_keys, json_values | st.sampled_from(list(TYPES)), max_size=8)


@SETTINGS
@given(st.one_of(json_values, ticketish))
def test_ticket_parser_raises_only_clear_errors(data):
    try:
        ticket = ticket_from_dict(data, "input.json")
    except TicketError as exc:
        assert exc.message and "\n" not in exc.message
    else:
        assert ticket.type in TYPES


@SETTINGS
@given(st.sampled_from(list(TYPES)), st.text(), st.dictionaries(st.sampled_from(["url", "browser", "error", "isp", "mailbox", "direction", "client"]), st.text(), max_size=4))
def test_ticket_fields_parse_or_fail_cleanly(type_name, description, fields):
    try:
        ticket_from_dict({"type": type_name, "description": description, "fields": fields}, "x")
    except TicketError as exc:
        assert exc.message


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_config_loader_raises_only_config_errors(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_bytes(raw)
    try:
        config.load(path)
    except TicketError as exc:
        assert exc.message


@SETTINGS
@given(st.text(max_size=200))
def test_validators_return_text_or_clear_error(value):
    for check in (validate.url, validate.domain, validate.email, validate.contract, validate.line, validate.text):
        try:
            result = check(value, "field")
        except TicketError as exc:
            assert exc.message
        else:
            assert isinstance(result, str)
            assert "\x00" not in result


printable = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=80)


@SETTINGS
@given(
    st.sampled_from(list(TYPES)),
    printable,
    st.sampled_from(["ru", "en"]),
    st.text(alphabet=string.digits + "-", min_size=1, max_size=10).filter(lambda s: s[0].isdigit()),
)
def test_draft_written_then_read_back_is_identical(tmp_path_factory, type_name, description, lang, contract):
    from ticketcli.store.drafts import DraftStore

    store = DraftStore(tmp_path_factory.mktemp("drafts"))
    ticket = Ticket(type=type_name, lang=lang, contract=contract, description=description.strip())
    store.save(ticket)
    assert store.load(ticket.uuid) == ticket


@SETTINGS
@given(st.binary(max_size=400))
def test_eml_reader_raises_only_clear_errors(tmp_path_factory, raw):
    from ticketcli.documents import load_input

    path = tmp_path_factory.mktemp("eml") / "m.eml"
    path.write_bytes(raw)
    try:
        item = load_input(str(path))
    except TicketError as exc:
        assert exc.message
    else:
        assert isinstance(item.text, str)


@SETTINGS
@given(st.binary(max_size=300))
def test_json_input_reader_raises_only_clear_errors(tmp_path_factory, raw):
    from ticketcli.cli.new import read_json_input

    path = tmp_path_factory.mktemp("json") / "t.json"
    path.write_bytes(raw)
    try:
        read_json_input(str(path))
    except TicketError as exc:
        assert exc.message


def test_deeply_nested_json_is_a_clear_error(tmp_path):
    from ticketcli.cli.new import read_json_input

    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(TicketError, match="nested too deeply"):
        read_json_input(str(path))


words = st.sampled_from(["сайт", "не", "работает", "ошибка", "error", "550", "0x800CCC0E", "пароль:", "password", "can", "you", "можете", "ли", "вы", "example.ru", "пример.рф", "договор", "№", "12-345", "Outlook", "хроме", "4111 1111 1111 1111", "AKIAABCDEFGHIJKLMNOP", "?", "!", ".", "\n", "ПОЧЕМУ", "х**ня", "=?utf-8?q?x?="])
ticket_texts = st.one_of(st.text(max_size=400), st.lists(words, max_size=60).map(" ".join))


@SETTINGS
@given(ticket_texts, st.none() | st.text(max_size=60), st.none() | st.sampled_from(list(TYPES)), st.sampled_from(["ru", "en"]))
def test_rule_engine_never_raises(text, subject, type_name, ui_lang):
    from ticketcli.rules import check

    report = check(text, subject=subject, type=type_name, ui_lang=ui_lang)
    assert report.type in TYPES
    for finding in report.findings:
        assert finding.severity in ("error", "warning", "info") and finding.message
        if finding.span is not None:
            assert 0 <= finding.span[0] <= finding.span[1] <= len(text)
    json.dumps(report.to_dict(), ensure_ascii=False)


header_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
bodies = st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode()))


@SETTINGS
@given(header_text)
def test_rate_limit_headers_parse_to_seconds_or_none(value):
    from ticketcli.channels.api import parse_retry_after
    from ticketcli.channels.helpdesk.common import parse_rate_reset

    for parse in (parse_retry_after, parse_rate_reset):
        seconds = parse(value)
        assert seconds is None or (isinstance(seconds, float) and seconds >= 0 and seconds == seconds)


@SETTINGS
@given(st.sampled_from([400, 401, 403, 404, 409, 413, 422, 429, 500, 503]), bodies, st.sampled_from(["application/json", "application/problem+json", "text/plain", "text/html"]))
def test_error_bodies_from_servers_become_one_short_reason(status, body, ctype):
    import httpx

    from ticketcli.channels.api import problem_reason
    from ticketcli.channels.helpdesk.common import desk_reason

    response = httpx.Response(status, content=body, headers={"Content-Type": ctype})
    for reason_of in (problem_reason, desk_reason):
        reason = reason_of(response)
        assert isinstance(reason, str)
        assert len(reason) <= 1000
