"""Real servers on 127.0.0.1 for the diagnosis tests.

* :func:`make_pki`: a test CA and leaf certificates — valid, expired, self-signed, wrong host;
* :class:`HttpsServer` / :class:`HttpServer`: stdlib http.server (+ ssl) in a thread, with routes
  for an OK page, a 502 error page, a redirect chain and a redirect loop;
* :class:`SilentServer`: accepts connections and never says a word;
* :class:`DnsServer`: a UDP DNS server (dnspython builds the answers) serving A, AAAA and MX
  records from a dict.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CA_NAME = "ticketcli diagnose test CA"


@dataclass
class Leaf:
    cert: Path
    key: Path

    def context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write(folder: Path, stem: str, cert, key) -> Leaf:
    cert_path, key_path = folder / f"{stem}.pem", folder / f"{stem}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return Leaf(cert_path, key_path)


class Pki:
    """A test CA in ``folder`` (ca.pem) that issues leaves on demand."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.now = datetime.datetime.now(datetime.timezone.utc)
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.ca = (
            x509.CertificateBuilder()
            .subject_name(_name(CA_NAME))
            .issuer_name(_name(CA_NAME))
            .public_key(self.ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - datetime.timedelta(days=30))
            .not_valid_after(self.now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False, key_encipherment=False, data_encipherment=False, key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.ca_key.public_key()), critical=False)
            .sign(self.ca_key, hashes.SHA256())
        )
        self.ca_path = folder / "ca.pem"
        self.ca_path.write_bytes(self.ca.public_bytes(serialization.Encoding.PEM))

    def leaf(self, stem: str, names: list[str], *, expired: bool = False, self_signed: bool = False,
             days: tuple[int, int] | None = None) -> Leaf:
        """A leaf for ``names``: valid from yesterday for 10 days; ``expired``: it ended 10 days
        ago; ``days``: valid from ``days[0]`` to ``days[1]`` days from now (negative: ago)."""
        key = ec.generate_private_key(ec.SECP256R1())
        if days is not None:
            start, end = self.now + datetime.timedelta(days=days[0]), self.now + datetime.timedelta(days=days[1])
        elif expired:
            start, end = self.now - datetime.timedelta(days=20), self.now - datetime.timedelta(days=10)
        else:
            start, end = self.now - datetime.timedelta(days=1), self.now + datetime.timedelta(days=10)
        sans = [x509.IPAddress(ipaddress.ip_address(n)) if n[0].isdigit() else x509.DNSName(n) for n in names]
        issuer_name, signer = (_name(names[0]), key) if self_signed else (_name(CA_NAME), self.ca_key)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(names[0]))
            .issuer_name(issuer_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        )
        if not self_signed:
            builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()), critical=False)
        return _write(self.folder, stem, builder.sign(signer, hashes.SHA256()), key)


# ---- HTTP(S) -------------------------------------------------------------------------------
ERROR_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"


class _Handler(BaseHTTPRequestHandler):
    def version_string(self) -> str:
        return "nginx"

    routes = {
        "/r1": (301, "/r2"),
        "/r2": (302, "/ok"),
        "/loop": (302, "/loop"),
    }

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        if path in self.routes:
            status, location = self.routes[path]
            self.send_response(status)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/502":
            body, status = ERROR_PAGE, 502
        elif path == "/404":
            body, status = b"<html><head><title>404 File not found</title></head><body><h1>File not found</h1></body></html>", 404
        else:
            body, status = b"<html><head><title>It works</title></head><body>ok</body></html>", 200
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # clients that reject a certificate hang up
        pass


class HttpServer:
    """``with HttpServer() as srv:`` … ``srv.url("/502")``; ``tls=Leaf`` for HTTPS."""

    def __init__(self, tls: Leaf | None = None, host: str = "127.0.0.1"):
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.port = self.httpd.server_address[1]
        self.host = host
        self.scheme = "http"
        if tls is not None:
            self.httpd.socket = tls.context().wrap_socket(self.httpd.socket, server_side=True, do_handshake_on_connect=False)
            self.scheme = "https"

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def __enter__(self) -> "HttpServer":
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SilentServer:
    """Accepts TCP connections and never answers (until closed); subclasses answer in
    :meth:`serve` (called in a thread of its own per connection)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self._stop = threading.Event()

    def serve(self, conn: socket.socket) -> None:
        """Say nothing."""

    def _accept(self) -> None:
        self.sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.conns.append(conn)
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def __enter__(self):
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join(2)
        for conn in self.conns:
            conn.close()
        self.sock.close()


class TrickleServer(SilentServer):
    """Answers every connection with ``payload`` one byte at a time, ``interval`` seconds apart;
    ``repeat``: send it over and over (an endless run of ``100 Continue``, say)."""

    def __init__(self, payload: bytes, interval: float = 0.25, repeat: bool = False):
        super().__init__()
        self.payload, self.interval, self.repeat = payload, interval, repeat

    def serve(self, conn: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                for byte in self.payload:
                    if self._stop.wait(self.interval):
                        return
                    conn.sendall(bytes([byte]))
                if not self.repeat:
                    return
        except OSError:
            return


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- DNS -----------------------------------------------------------------------------------
class DnsServer:
    """A UDP DNS server on 127.0.0.1: ``zone = {"site.test": {"A": ["127.0.0.1"], "MX": [(10, "mx.site.test")]}}``.

    Names not in the zone get NXDOMAIN; a known name without the asked type gets an empty answer.
    ``address`` is "127.0.0.1:PORT" for ``--dns-server``.
    """

    def __init__(self, zone: dict[str, dict[str, list]]):
        self.zone = {k.rstrip(".").lower(): v for k, v in zone.items()}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        self.queries: list[tuple[str, str]] = []
        self._stop = threading.Event()

    def _answer(self, wire: bytes) -> bytes:
        import dns.message
        import dns.rcode
        import dns.rdataclass
        import dns.rdatatype
        import dns.rrset

        query = dns.message.from_wire(wire)
        response = dns.message.make_response(query)
        response.flags |= 0x0400  # authoritative
        for question in query.question:
            name = question.name.to_text().rstrip(".").lower()
            rdtype = dns.rdatatype.to_text(question.rdtype)
            self.queries.append((name, rdtype))
            if name not in self.zone:
                response.set_rcode(dns.rcode.NXDOMAIN)
                continue
            values = self.zone[name].get(rdtype, [])
            if not values:
                continue
            texts = [f"{p} {h.rstrip('.')}." for p, h in values] if rdtype == "MX" else list(values)
            response.answer.append(dns.rrset.from_text_list(question.name, 60, dns.rdataclass.IN, rdtype, texts))
        return response.to_wire()

    def _serve(self) -> None:
        self.sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                wire, peer = self.sock.recvfrom(4096)
            except OSError:
                continue
            try:
                self.sock.sendto(self._answer(wire), peer)
            except Exception:  # noqa: BLE001 - a malformed query gets no answer
                pass

    def __enter__(self) -> "DnsServer":
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join(2)
        self.sock.close()
