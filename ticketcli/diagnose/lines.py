"""A diagnosis as the lines of a ticket's "Diagnostics" section, in the ticket's language.

The measured values and the exact error texts stay as measured (the desk wants the text, not a
translation); only the words around them follow ``lang``. Pure functions: the CLI shows these
lines, the wizard offers them one by one.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n import register, t
from ..validate import printable
from .model import FAILED, OK, Check, Diagnosis

register(
    {
        "diag_head_site": ("Checked {target} from the client's computer, {when}", "Проверка {target} с компьютера клиента, {when}"),
        "diag_head_mail": ("Checked the mail of {target} from the client's computer, {when}", "Проверка почты {target} с компьютера клиента, {when}"),
        "diag_dns_ok": ("DNS {host}: {records} (resolver {resolver})", "DNS {host}: {records} (DNS-сервер {resolver})"),
        "diag_dns_failed": ("DNS {host}: {error}", "DNS {host}: {error}"),
        "diag_tcp_ok": ("Connection to {address} port {port}: established in {ms} ms", "Соединение с {address}, порт {port}: установлено за {ms} мс"),
        "diag_tcp_failed": ("Connection to {host} port {port}: {error}", "Соединение с {host}, порт {port}: {error}"),
        "diag_cert": ("certificate {subject}, issued by {issuer}, valid until {until}", "сертификат {subject}, выдан {issuer}, действует до {until}"),
        "diag_tls_ok": ("TLS: {protocol}, {cert}", "TLS: {protocol}, {cert}"),
        "diag_tls_failed": ("TLS: {error}", "TLS: {error}"),
        "diag_tls_failed_cert": ("TLS: {error} ({cert})", "TLS: {error} ({cert})"),
        "diag_tls_problems": ("TLS: {error}; {details}", "TLS: {error}; {details}"),
        "diag_cert_problems": ("what is wrong with the certificate: {problems} ({cert})",
                               "что не так с сертификатом: {problems} ({cert})"),
        "diag_cert_expired": ("it expired on {date}", "срок действия истёк {date}"),
        "diag_cert_not_yet_valid": ("it is not valid until {date}", "он действует только с {date}"),
        "diag_cert_self_signed": ("it is self-signed", "он самоподписанный"),
        "diag_cert_unknown_issuer": ("it is issued by a certificate authority this computer does not trust",
                                     "он выдан центром сертификации, которому этот компьютер не доверяет"),
        "diag_cert_wrong_host": ("it is for {names}, not for {host}", "он выдан для {names}, а не для {host}"),
        "diag_cert_no_names": ("no names", "без имён"),
        "diag_unverified_mark": ("certificate not verified", "сертификат не проверен"),
        "diag_http": ("HTTP: {status_line}{server}, {ms} ms", "HTTP: {status_line}{server}, {ms} мс"),
        "diag_http_server": (", server {server}", ", сервер {server}"),
        "diag_http_title": ("Error page title: \u201c{title}\u201d", "Заголовок страницы ошибки: «{title}»"),
        "diag_http_unverified": (
            "HTTP without verifying the certificate (what the browser shows after its warning is accepted): {status_line}{server}, {ms} ms",
            "HTTP без проверки сертификата (что браузер покажет, если принять его предупреждение): {status_line}{server}, {ms} мс",
        ),
        "diag_http_failed_unverified": (
            "HTTP {url} without verifying the certificate: {error}",
            "HTTP {url} без проверки сертификата: {error}",
        ),
        "diag_http_page_title": ("Page title: \u201c{title}\u201d", "Заголовок страницы: «{title}»"),
        "diag_http_chain": ("Redirects: {chain}", "Перенаправления: {chain}"),
        "diag_http_failed": ("HTTP {url}: {error}", "HTTP {url}: {error}"),
        "diag_no_time": ("{name}: not checked, the {budget} s limit ran out", "{name}: не проверено, истёк лимит {budget} с"),
        "diag_mx_ok": ("MX {domain}: {records}", "MX {domain}: {records}"),
        "diag_mx_failed": ("MX {domain}: {error}", "MX {domain}: {error}"),
        "diag_port_ok": ("{service} {host}:{port}: {banner}", "{service} {host}:{port}: {banner}"),
        "diag_port_failed": ("{service} {host}:{port}: {error}", "{service} {host}:{port}: {error}"),
        "diag_starttls_yes": ("STARTTLS offered", "STARTTLS предлагается"),
        "diag_starttls_no": ("STARTTLS not offered", "STARTTLS не предлагается"),
        "diag_login": ("Login test ({service}, user {user}): {result}", "Проверка входа ({service}, пользователь {user}): {result}"),
        "diag_os": ("Operating system: {os}", "Операционная система: {os}"),
        "diag_browsers": ("Browsers on the computer: {browsers}", "Браузеры на компьютере: {browsers}"),
        "diag_tz": ("Time zone: {tz}", "Часовой пояс: {tz}"),
        "diag_none_found": ("none found", "не найдены"),
        # the wizard's questions
        "diag_offer_site": (
            "Check {target} from this computer now (DNS, connection, certificate, HTTP; up to 10 s)?",
            "Проверить {target} с этого компьютера (DNS, соединение, сертификат, HTTP; до 10 с)?",
        ),
        "diag_offer_mail": (
            "Check the mail servers of {target} from this computer now (MX, SMTP, IMAP, POP3; up to 10 s)?",
            "Проверить почтовые серверы {target} с этого компьютера (MX, SMTP, IMAP, POP3; до 10 с)?",
        ),
        "diag_offer_facts": (
            "Also add this computer's OS, installed browsers and time zone?",
            "Добавить также операционную систему, установленные браузеры и часовой пояс этого компьютера?",
        ),
        "diag_add": ("Add the results to the ticket as a \"Diagnostics\" section?", "Добавить результаты в заявку разделом «Диагностика»?"),
        "diag_choose": ("Lines to include (space toggles, Enter confirms)", "Какие строки включить (пробел — снять/отметить, Enter — готово)"),
    }
)


def _cert(facts: dict[str, Any], lang: str) -> str:
    if not facts.get("subject"):
        return ""
    until = str(facts.get("not_after", ""))[:10]
    return t("diag_cert", lang=lang, subject=facts["subject"], issuer=facts.get("issuer", "?"), until=until)


def problem_words(facts: dict[str, Any], lang: str | None) -> str:
    """Every problem of a certificate that did not verify, in words (net.certificate_problems)."""
    words = []
    for item in facts.get("problems") or []:
        kind = item.get("problem", "")
        if kind in ("expired", "not_yet_valid"):
            words.append(t(f"diag_cert_{kind}", lang=lang, date=item.get("date", "?")))
        elif kind in ("self_signed", "unknown_issuer"):
            words.append(t(f"diag_cert_{kind}", lang=lang))
        elif kind == "wrong_host":
            names = ", ".join(item.get("names") or []) or t("diag_cert_no_names", lang=lang)
            words.append(t("diag_cert_wrong_host", lang=lang, names=names, host=item.get("host", "?")))
    return "; ".join(words)


def _ms(value: Any) -> str:
    try:
        return f"{float(value):.0f}"
    except (TypeError, ValueError):
        return "?"


def check_lines(check: Check, diag: Diagnosis, lang: str) -> list[str]:
    """The lines one check contributes (none for a step that did not apply)."""
    f = check.facts
    name = check.name
    if check.status not in (OK, FAILED):
        if f.get("reason") == "no_time":
            return [t("diag_no_time", lang=lang, name=name, budget=f"{diag.budget:g}")]
        return []
    if name == "dns":
        if check.status == OK:
            records = "; ".join(
                part for part in (
                    ("A " + ", ".join(f["a"])) if f.get("a") else "",
                    ("AAAA " + ", ".join(f["aaaa"])) if f.get("aaaa") else "",
                ) if part
            )
            return [t("diag_dns_ok", lang=lang, host=shown_host(f.get("host", "")), records=records, resolver=f.get("resolver", ""))]
        return [t("diag_dns_failed", lang=lang, host=shown_host(f.get("host", "")), error=worded(check.error, lang))]
    if name == "mx":
        if check.status == OK:
            records = ", ".join(f"{m['preference']} {m['exchange']}" for m in f.get("mx", []))
            return [t("diag_mx_ok", lang=lang, domain=shown_host(f.get("domain", "")), records=shown_target(records))]
        return [t("diag_mx_failed", lang=lang, domain=shown_host(f.get("domain", "")), error=worded(check.error, lang))]
    if name == "tcp":
        if check.status == OK:
            return [t("diag_tcp_ok", lang=lang, address=f["address"], port=f["port"], ms=_ms(f.get("connect_ms")))]
        return [t("diag_tcp_failed", lang=lang, host=shown_host(_host(diag)), port=f.get("port", ""), error=worded(check.error, lang))]
    if name == "tls":
        if check.status == OK:
            return [t("diag_tls_ok", lang=lang, protocol=f.get("protocol", ""), cert=_cert(f, lang))]
        cert = _cert(f, lang)
        problems = problem_words(f, lang)
        if problems:
            details = t("diag_cert_problems", lang=lang, problems=problems, cert=cert)
            return [t("diag_tls_problems", lang=lang, error=check.error, details=details)]
        key = "diag_tls_failed_cert" if cert else "diag_tls_failed"
        return [t(key, lang=lang, error=check.error, cert=cert)]
    if name == "http":
        return _http_lines(check, lang)
    if name.startswith("login:"):
        result = f.get("result") if check.status == OK else check.error
        return [t("diag_login", lang=lang, service=f.get("service", name[6:]), user=f.get("user", ""), result=result)]
    if ":" in name:
        return _port_lines(check, diag, lang)
    return [f"{name}: {check.error or 'ok'}"]


def _host(diag: Diagnosis) -> str:
    from urllib.parse import urlsplit

    if diag.kind == "site":
        return urlsplit(diag.target).hostname or diag.target
    return diag.target


def _http_lines(check: Check, lang: str) -> list[str]:
    f = check.facts
    out = []
    chain = f.get("chain") or []
    unverified = f.get("verified") is False
    if "status_line" in f:
        server = t("diag_http_server", lang=lang, server=f["server"]) if f.get("server") else ""
        key = "diag_http_unverified" if unverified else "diag_http"
        out.append(t(key, lang=lang, status_line=f["status_line"], server=server, ms=_ms(f.get("total_ms"))))
        if f.get("title"):
            out.append(t("diag_http_title" if f.get("status", 0) >= 400 else "diag_http_page_title", lang=lang, title=f["title"]))
    else:
        key = "diag_http_failed_unverified" if unverified else "diag_http_failed"
        out.append(t(key, lang=lang, url=shown_target(f.get("url", "")), error=worded(check.error, lang)))
    if len(chain) > 1 or (chain and "status_line" not in f):
        steps = [f"{shown_target(e['url'])} ({e['status']})" for e in chain]
        if "status_line" not in f and f.get("url"):
            steps.append(shown_target(f["url"]))
        out.append(t("diag_http_chain", lang=lang, chain=" → ".join(steps)))
    return out


def _port_lines(check: Check, diag: Diagnosis, lang: str) -> list[str]:
    f = check.facts
    service = str(f.get("service") or check.name.split(":")[0]).upper()
    host = diag.check("dns").facts.get("host", "") if diag.check("dns") else ""
    port = f.get("port") or check.name.split(":")[1]
    if check.status == FAILED:
        line = t("diag_port_failed", lang=lang, service=service, host=shown_host(host), port=port, error=worded(check.error, lang))
        cert = _cert(f.get("tls") or {}, lang)
        problems = problem_words(f.get("tls") or {}, lang)
        if problems:
            return [f"{line}; {t('diag_cert_problems', lang=lang, problems=problems, cert=cert)}"]
        return [f"{line} ({cert})" if cert else line]
    parts = [t("diag_port_ok", lang=lang, service=service, host=shown_host(host), port=port, banner=f.get("banner", ""))]
    if "starttls" in f and not service.endswith("S"):
        parts.append(t("diag_starttls_yes" if f["starttls"] else "diag_starttls_no", lang=lang))
    tls = f.get("tls") or {}
    if tls.get("protocol"):
        parts.append(t("diag_tls_ok", lang=lang, protocol=tls["protocol"], cert=_cert(tls, lang)))
    return ["; ".join(parts)]


def client_lines(client: dict[str, Any] | None, lang: str) -> list[str]:
    if not client:
        return []
    out = []
    if client.get("os"):
        out.append(t("diag_os", lang=lang, os=client["os"]))
    if "browsers" in client:
        names = ", ".join(f"{b['name']} {b.get('version', '')}".strip() for b in client["browsers"])
        out.append(t("diag_browsers", lang=lang, browsers=names or t("diag_none_found", lang=lang)))
    if client.get("timezone"):
        out.append(t("diag_tz", lang=lang, tz=client["timezone"]))
    return out


def ticket_lines(diag: Diagnosis, lang: str, *, when: str | None = None, head: bool = True) -> list[str]:
    """Every line of the diagnosis for a ticket written in ``lang``."""
    from datetime import datetime

    out = []
    if head:
        stamp = when or datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
        out.append(t(f"diag_head_{diag.kind}", lang=lang, target=shown_target(diag.target), when=stamp))
    for check in diag.checks:
        out.extend(check_lines(check, diag, lang))
    out.extend(client_lines(diag.client, lang))
    # Each line goes into a ticket: whatever a server slipped into the facts, never a control.
    return [printable(line, 2000, one_line=True) for line in out]


# ---- wording for people: names as they are written, resolver and socket errors in the ticket's
# language (the error texts of the site itself, and the certificate's, stay as measured)
def shown_host(host: str) -> str:
    """A host name as people write it: IDNA labels (``xn--80aa3agjl3d.xn--p1ai``) in Unicode."""
    if "xn--" not in host.lower():
        return host
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


_IDNA_LABELS = re.compile(r"(?<![\w-])((?:[a-z0-9-]+\.)*xn--[a-z0-9-]+(?:\.[a-z0-9-]+)*)", re.I)


def shown_target(text: str) -> str:
    """``text`` (a URL, a host, an e-mail address, a line) with every IDNA host name in Unicode."""
    if "xn--" not in text.lower():
        return text
    return _IDNA_LABELS.sub(lambda m: shown_host(m.group(1)), text)


register(
    {
        "diag_err_nxdomain": ("the name does not exist in the DNS (NXDOMAIN)", "такого имени в DNS нет (NXDOMAIN)"),
        "diag_err_dns_timeout": ("the DNS server did not answer in time", "DNS-сервер не ответил вовремя"),
        "diag_err_servfail": ("the DNS servers could not answer (SERVFAIL)", "DNS-серверы не смогли ответить (SERVFAIL)"),
        "diag_err_no_records": ("no A or AAAA records", "нет записей A и AAAA"),
        "diag_err_no_mx": ("no MX records", "нет записей MX"),
        "diag_err_timeout": ("no answer within the {limit} s limit", "нет ответа за отведённые {limit} с"),
        "diag_err_refused": ("connection refused (nothing listens on that port)", "в соединении отказано (на этом порту никто не отвечает)"),
        "diag_err_unreachable": ("the network or the host is unreachable", "сеть или узел недоступны"),
        "diag_err_reset": ("the connection was reset", "соединение сброшено"),
        "diag_err_no_address": ("no address to connect to", "нет адреса для соединения"),
    }
)

#: Texts of the resolver and of the sockets, by what they start with or contain, and the message
#: that words them (the limit, when the text names one, is kept).
_WORDINGS = (
    (re.compile(r"The DNS query name does not exist", re.I), "diag_err_nxdomain"),
    (re.compile(r"The resolution lifetime expired|timed out after .* DNS", re.I), "diag_err_dns_timeout"),
    (re.compile(r"All nameservers failed to answer|SERVFAIL", re.I), "diag_err_servfail"),
    (re.compile(r"^no A or AAAA records", re.I), "diag_err_no_records"),
    (re.compile(r"^no MX records|The DNS response does not contain an answer", re.I), "diag_err_no_mx"),
    (re.compile(r"^timed out: no answer within the (?P<limit>[\d.]+) s limit", re.I), "diag_err_timeout"),
    (re.compile(r"^Connection refused", re.I), "diag_err_refused"),
    (re.compile(r"^(?:No route to host|Network is unreachable|Host is unreachable)", re.I), "diag_err_unreachable"),
    (re.compile(r"^Connection reset", re.I), "diag_err_reset"),
    (re.compile(r"^no address to connect to", re.I), "diag_err_no_address"),
)


def worded(error: str, lang: str) -> str:
    """A resolver's or a socket's error text in Russian for a Russian ticket (in English, as the
    library says it), with host names as people write them; other texts (an HTTP status, a
    certificate's verification) as measured."""
    if lang != "ru":
        return shown_target(error)
    for rx, key in _WORDINGS:
        m = rx.search(error)
        if m is not None:
            limit = m.groupdict().get("limit")
            return t(key, lang=lang, limit=limit) if limit else t(key, lang=lang)
    return shown_target(error)
