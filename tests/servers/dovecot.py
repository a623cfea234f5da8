"""A private Dovecot IMAP server on 127.0.0.1 (Debian's dovecot-imapd), for the mail diagnosis.

Its own configuration, runtime folder and passwd-file in a temporary folder; IMAP with STARTTLS
and IMAPS on free loopback ports; no failure delay. Runs as the current user, or as root with
Dovecot's own unprivileged users (``dovecot``, ``dovenull``) as the package creates them.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "owner@example.test"
PASSWORD = "imap-pass-for-tests"
GREETING = "ticketcli test IMAP ready."


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or (os.path.exists("/usr/sbin/dovecot") and "/usr/sbin/dovecot") or None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    def __init__(self, cert: Path, key: Path):
        self.binary = dovecot_binary()
        self.root = Path(tempfile.mkdtemp(prefix="ticketcli-dovecot-"))
        os.chmod(self.root, 0o755)  # Dovecot's unprivileged processes must reach their sockets
        self.imap_port = _free_port()
        self.imaps_port = _free_port()
        self.cert, self.key = cert, key
        self.proc: subprocess.Popen | None = None

    def _config(self) -> str:
        if os.getuid() == 0:
            internal, login = "dovecot", "dovenull"
            mail_user = pwd.getpwnam("dovecot")
        else:
            me = pwd.getpwuid(os.getuid())
            internal = login = me.pw_name
            mail_user = me
        mail = self.root / "mail"
        mail.mkdir()
        if os.getuid() == 0:
            os.chown(mail, mail_user.pw_uid, mail_user.pw_gid)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        shutil.copy(self.cert, self.root / "server.pem")
        shutil.copy(self.key, self.root / "server.key")
        return f"""
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
protocols = imap
listen = 127.0.0.1
login_greeting = {GREETING}
ssl = yes
ssl_cert = <{self.root}/server.pem
ssl_key = <{self.root}/server.key
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
first_valid_uid = 0
mail_location = maildir:{mail}/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={mail}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""

    def __enter__(self) -> "Dovecot":
        conf = self.root / "dovecot.conf"
        conf.write_text(self._config())
        for sub in ("run", "state"):
            (self.root / sub).mkdir()
        self.proc = subprocess.Popen([self.binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.proc.stderr.read().decode(errors='replace')} {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.imap_port), timeout=0.5) as s:
                    s.settimeout(2)
                    if s.recv(200).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"dovecot did not start: {self.log()}")

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)
