"""`ticket diagnose site|mail`: measure what the desk would ask, from this computer.

The work is done by :mod:`ticketcli.diagnose`; this module parses, runs it with a live view (or
``--json``) and sets the exit status: 0 when every check passed, 1 when one failed, 2 for bad
input.
"""

from typing import Annotated

import typer

from ..i18n import register, t
from .base import group, root

app = group(
    help="Check a site or a mail server from this computer: DNS, connection, certificate, HTTP, mail ports.",
    no_args_is_help=True,
)

register(
    {
        "diag_bad_timeout": ("--timeout takes seconds above 0 and at most 300, got '{value}'.", "--timeout принимает число секунд больше 0 и не больше 300, получено «{value}»."),
        "diag_bad_dns": ("The DNS server must be an IP address with an optional port (127.0.0.1:5353), got '{value}'.", "DNS-сервер указывается IP-адресом с необязательным портом (127.0.0.1:5353), получено «{value}»."),
        "diag_bad_ca": ("Cannot read the CA bundle '{path}': {reason}.", "Не удаётся прочитать файл УЦ «{path}»: {reason}."),
        "diag_mail_target": ("Give the mailbox (--address user@domain) or the mail server (--server HOST).", "Укажите почтовый ящик (--address user@domain) или почтовый сервер (--server ХОСТ)."),
        "diag_bad_server": ("'{value}' is not a host name or an IP address.", "«{value}» — не имя хоста и не IP-адрес."),
        "diag_bad_service": ("Unknown mail service '{value}'. Use: {choices}.", "Неизвестная почтовая служба «{value}». Используйте: {choices}."),
        "diag_bad_port": ("--port takes SERVICE=PORT (e.g. submission=2525), got '{value}'.", "--port принимает СЛУЖБА=ПОРТ (например, submission=2525), получено «{value}»."),
    }
)


def _common(ctx: typer.Context, timeout: float, dns_server: str | None, ca_bundle: str | None):
    """Validated (timeout, dns server, CA bundle, profile)."""
    import os

    from ..diagnose import net
    from ..errors import TicketError, UsageError

    if not 0 < timeout <= 300:
        raise UsageError(t("diag_bad_timeout", value=f"{timeout:g}"))
    dns_server = dns_server or os.environ.get(net.DEFAULT_DNS_ENV) or None
    if dns_server:
        try:
            host, _ = net.parse_hostport(dns_server, 53)
        except ValueError:
            raise UsageError(t("diag_bad_dns", value=dns_server)) from None
        if not net.is_ip(host):
            raise UsageError(t("diag_bad_dns", value=dns_server))
    chosen = root(ctx).profile
    try:
        from ..store import config

        profile = config.load().profile(chosen)
    except TicketError:
        if chosen:
            raise
        profile = None
    # Not the profile's ca_bundle: that is the desk's CA, and it would be the only CA trusted
    # (ticketcli/channels/http.py); a site or mail server is checked as any client sees it.
    ca_bundle = ca_bundle or None
    if ca_bundle:
        import ssl

        try:
            ssl.create_default_context().load_verify_locations(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            reason = getattr(exc, "strerror", None) or net.error_text(exc)
            raise UsageError(t("diag_bad_ca", path=ca_bundle, reason=reason)) from None
    return timeout, dns_server, ca_bundle, profile


def _finish(diag, json_output: bool, with_facts: bool, timeout: float) -> None:
    from . import output

    if with_facts:
        from ..diagnose.facts import client_facts

        diag.client = client_facts(timeout=min(3.0, timeout))
    if json_output:
        output.json_out(diag.to_dict())
    else:
        from ..diagnose.lines import client_lines

        for line in client_lines(diag.client, None):
            output.plain(line)
        ok, text = output.diagnosis_summary(diag)
        (output.ok_line if ok else output.error_line)(text)
    if not diag.ok:
        raise typer.Exit(1)


_TIMEOUT_HELP = "Limit for the whole run, in seconds (every step gets what is left)."
_CA_HELP = "Trust only the CA certificates in this PEM file (default: the platform's trust store)."
_DNS_HELP = "Ask this DNS server (IP[:PORT]) instead of the system's (or TICKETCLI_DNS_SERVER)."
_FACTS_HELP = "Also report this computer's OS, installed browsers and time zone."

# The options both checks take, declared once (Typer reads them from the annotations).
Timeout = Annotated[float, typer.Option("--timeout", help=_TIMEOUT_HELP)]
CaBundle = Annotated[str | None, typer.Option("--ca-bundle", help=_CA_HELP)]
DnsServerOption = Annotated[str | None, typer.Option("--dns-server", help=_DNS_HELP, hidden=True)]
ClientFacts = Annotated[bool, typer.Option("--client-facts", help=_FACTS_HELP)]
JsonOutput = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@app.command("site")
def site(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The address that does not open: https://example.ru/admin or example.ru."),
    timeout: Timeout = 10.0,
    ca_bundle: CaBundle = None,
    dns_server: DnsServerOption = None,
    client_facts: ClientFacts = False,
    json_output: JsonOutput = False,
) -> None:
    """DNS, TCP connection, TLS certificate and HTTP answer of a site, with the exact error texts."""
    from .. import validate
    from ..diagnose.site import diagnose_site as run
    from ..diagnose.site import normalise_url
    from .output import run_with_view

    url = validate.url(url)
    timeout, dns_server, ca_bundle, _ = _common(ctx, timeout, dns_server, ca_bundle)
    diag = run_with_view(
        lambda progress: run(normalise_url(url), timeout=timeout, dns_server=dns_server, ca_bundle=ca_bundle, progress=progress),
        json_output=json_output,
    )
    _finish(diag, json_output, client_facts, timeout)


@app.command("mail")
def mail(
    ctx: typer.Context,
    address: str | None = typer.Option(None, "--address", help="The mailbox: user@domain (its domain's MX records are checked)."),
    server: str | None = typer.Option(None, "--server", help="The mail server to probe (default: the domain's first MX)."),
    login: bool = typer.Option(False, "--login", help="Also log in with the profile's stored SMTP password (never shown or stored)."),
    service: list[str] = typer.Option([], "--service", help="Probe only this service (smtp, smtps, submission, imaps, imap, pop3s, pop3); repeatable."),
    port: list[str] = typer.Option([], "--port", help="Another port for a service, SERVICE=PORT (e.g. submission=2525); repeatable."),
    timeout: Timeout = 10.0,
    ca_bundle: CaBundle = None,
    dns_server: DnsServerOption = None,
    client_facts: ClientFacts = False,
    json_output: JsonOutput = False,
) -> None:
    """MX records, SMTP/IMAP/POP3 ports, banners, STARTTLS and certificates; optional login test."""
    from .. import validate
    from ..diagnose import net
    from ..diagnose.mail import SERVICES, Credentials
    from ..diagnose.mail import diagnose_mail as run
    from ..errors import UsageError
    from .output import run_with_view

    timeout, dns_server, ca_bundle, profile = _common(ctx, timeout, dns_server, ca_bundle)
    if address:
        address = validate.email(address, "--address")
    if server:
        server = server.strip()
        if not (net.is_ip(server) or validate.to_ascii_domain(server) or server == "localhost"):
            raise UsageError(t("diag_bad_server", value=server))
    if not address and not server:
        raise UsageError(t("diag_mail_target"))
    for name in service:
        if name not in SERVICES:
            raise UsageError(t("diag_bad_service", value=name, choices=", ".join(SERVICES)))
    ports: dict[str, int] = {}
    for item in port:
        name, sep, value = item.partition("=")
        if not sep or name not in SERVICES or not value.isdigit() or not 0 < int(value) < 65536:
            raise UsageError(t("diag_bad_port", value=item))
        ports[name] = int(value)
    credentials = None
    if login:
        profile_name = profile.name if profile is not None else (root(ctx).profile or "default")
        user = (profile.get("smtp_user") if profile else "") or address or ""

        def credentials() -> Credentials:
            from ..store.secrets import get_secret

            return Credentials(user, get_secret("smtp", profile_name))

    diag = run_with_view(
        lambda progress: run(
            address=address, server=server, timeout=timeout, dns_server=dns_server, ca_bundle=ca_bundle,
            services=list(dict.fromkeys(service)) or None, ports=ports, credentials=credentials, progress=progress,
        ),
        json_output=json_output,
    )
    _finish(diag, json_output, client_facts, timeout)

