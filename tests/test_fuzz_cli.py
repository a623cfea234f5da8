"""Command lines made by hypothesis (issue 16: inputs that crash instead of a one-line error):
odd characters, NUL, names too long for the file system, numbers out of range, nesting deeper
than Python's JSON parser goes, impossible addresses. Whatever the input, ``ticket`` exits with
a code and one line, never ``Internal error`` or a traceback.

Run in-process (conftest's ``run_cli``). Nothing leaves this machine: ``diagnose`` is only
pointed at loopback addresses, and its DNS server is a silent UDP port on 127.0.0.1.

Found by a longer run of this file (3,000 examples): ``new --from-file`` with a NUL in the path
(ValueError) and ``check`` with a name longer than the file system allows (OSError); with the
deeply nested JSON of ``check FILE.json`` (RecursionError), each was ``Internal error``.
"""

from __future__ import annotations

import socket

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ODD = st.sampled_from([
    "", "-", "--", "nan", "inf", "-inf", "1e309", "-1", "0", "99999999999999999999", "\x00", "\u2028", "\udcff",
    "=?UTF-8?B?YQ==?=", "../..", "/dev/zero", "x" * 5000, "[" * 3000, "{", "a=b", "=", "KEY=", "%s%n", "\u202e", "\x1b[2J",
])
VALUE = st.one_of(st.text(max_size=40), ODD)
KEYS = ["contract", "domain", "contact_email", "desk_email", "lang", "backend", "max_attachment_mb", "api_url", "ca_bundle",
        "smtp_host", "smtp_port", "smtp_user", "smtp_security", "timeout", "send_attempts", "helpdesk_url", "helpdesk_user",
        "helpdesk_queue", "helpdesk_labels", "jira_request_type", "nope"]


@st.composite
def command_lines(draw) -> tuple[list[str], str | None]:
    kind = draw(st.sampled_from(["new", "check", "config", "site", "mail", "ids", "global"]))
    if kind == "new":
        args = ["new", "--no-input", "--type", draw(st.one_of(st.sampled_from(["other", "site-down", "mail"]), VALUE))]
        for option in draw(st.lists(st.sampled_from(["--contract", "--domain", "--field", "--description", "--subject",
                                                     "--ticket-lang", "--attach", "--from-file"]), max_size=4)):
            args += [option, draw(VALUE)]
        return args, draw(st.one_of(st.none(), VALUE))
    if kind == "check":
        args = ["check"]
        for option in draw(st.lists(st.sampled_from(["--type", "--lang", "--subject", "--format"]), max_size=2)):
            args += [option, draw(VALUE)]
        return args + [draw(st.one_of(st.just("-"), VALUE))], draw(VALUE)
    if kind == "config":
        args = ["config", draw(st.sampled_from(["set", "get", "use", "show", "rm"]))]
        return args + draw(st.lists(st.one_of(st.sampled_from(KEYS), VALUE), max_size=3)), None
    if kind == "site":
        port = draw(st.integers(0, 70000))
        url = draw(st.sampled_from([f"http://127.0.0.1:{port}/", f"https://127.0.0.1:{port}/x", "http://[::1]:1/", "http://localhost:0/"]))
        args = ["diagnose", "site", url, "--timeout", draw(st.one_of(st.sampled_from(["0.2", "0", "-1", "nan", "inf", "1e309"]), VALUE))]
        return args + (["--ca-bundle", draw(VALUE)] if draw(st.booleans()) else []), None
    if kind == "mail":
        args = ["diagnose", "mail", "--server", draw(st.sampled_from(["127.0.0.1", "::1", "localhost", "[::1]", "127.0.0.1:25"])),
                "--timeout", draw(st.sampled_from(["0.2", "0", "nan", "1e309", "-2"]))]
        for option in draw(st.lists(st.sampled_from(["--service", "--port", "--address"]), max_size=3)):
            value = draw(VALUE)
            if option == "--address":  # a domain that exists would be looked up
                value = draw(st.sampled_from(["", "@", "a@", "@b", "a@b.test", "a@[::1", "a@" + "x" * 300, value + "@x.test"]))
            args += [option, value]
        return args, None
    if kind == "ids":
        return [draw(st.sampled_from(["show", "status", "send", "outbox", "drafts", "reply", "completion", "types"])), draw(VALUE)], None
    return ["--lang", draw(VALUE), "--profile", draw(VALUE), draw(st.sampled_from(["list", "types", "drafts"]))], None


@pytest.fixture
def offline_dns(monkeypatch):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        monkeypatch.setenv("TICKETCLI_DNS_SERVER", f"127.0.0.1:{silent.getsockname()[1]}")
        monkeypatch.setenv("TICKETCLI_DIAGNOSE", "never")
        yield


@settings(max_examples=250, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command_lines())
def test_any_command_line_is_a_clear_line_never_a_crash(offline_dns, run_cli, case):
    args, stdin = case
    code, out, err = run_cli(*args, stdin=stdin)
    assert "Internal error" not in out + err and "Traceback" not in out + err, (args, err[-300:])
    assert isinstance(code, int)


@pytest.mark.parametrize("args", [
    ["new", "--no-input", "--from-file", "\x00"],
    ["check", "x" * 3000],
    ["check", "[" * 3000],
])
def test_the_crashes_it_found_are_one_line(run_cli, args):
    code, out, err = run_cli(*args)
    assert code == 2 and "Internal error" not in err and len(err.strip().splitlines()) == 1


def test_deeply_nested_json_to_check_is_one_line(run_cli, tmp_path):
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000)
    code, _, err = run_cli("check", str(nested))
    assert code == 2 and err.strip() == f"✗ {nested}: not valid JSON (nested too deeply). Check the file against 'ticket schema'."
    code, _, err = run_cli("check", "-", stdin='{"type": "other", "fields": ' + "[" * 100_000)
    assert "Internal error" not in err  # not a ticket JSON: checked as text
    code, _, err = run_cli("new", "--no-input", "--from-file", str(nested))
    assert code == 2 and "nested too deeply" in err and len(err.strip().splitlines()) == 1
