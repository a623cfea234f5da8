"""A real Request Tracker 5 (Debian's request-tracker5 + rt5-db-sqlite + rt5-standalone) on 127.0.0.1.

Nothing of the installed RT is changed: :class:`RtServer` copies the SQLite database the package
created into a temporary folder, writes its own site-config folder (Debian's
``/etc/request-tracker5/RT_SiteConfig.d/*.pm`` plus one file setting ``$WebPort``,
``$WebDomain``, ``$WebBaseURL``, the database copy and the Mason folders) and points RT at it
with ``RT_SITE_CONFIG_DIR``. It creates an auth token for root with RT's own libraries
(``RT::AuthToken``), starts ``rt-server --port PORT --host 127.0.0.1 --webpath /rt``, waits until REST2
answers, and stops it (SIGTERM to its process group, SIGKILL after 10 s).

* RT is served under ``$WebPath`` ``/rt``, as Debian's own configuration has it
  (``50-debconf.pm``): :attr:`RtServer.url` is ``http://127.0.0.1:PORT/rt``, REST2 is under it.
* RT mails: auto-replies to requestors, notifications. The test instance must send none into
  the world, nor through this machine's MTA (whose bounces land in the local mail spool): it
  pipes every message to a ``sendmail`` of its own (``$MailCommand`` ``sendmailpipe``,
  ``$SendmailPath`` a script in the test folder) that keeps each one as a file under
  ``mail/`` (:meth:`RtServer.sent_mail`). ``$rtname`` is unique per run (:attr:`RtServer.name`),
  so a test can look for this RT's mail anywhere.

:func:`unavailable` says why RT cannot run here (not installed, database unreadable), so the
tests skip with that reason.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

RT_LIB = Path("/usr/share/request-tracker5/lib")
RT_SERVER = Path("/usr/share/request-tracker5/libexec/rt-server")
SITE_CONFIG_D = Path("/etc/request-tracker5/RT_SiteConfig.d")
DB = Path("/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb")
PACKAGES = "request-tracker5 rt5-db-sqlite rt5-standalone"

_TOKEN_PERL = r"""
use strict; use warnings;
use RT; RT::LoadConfig(); RT::Init();
my $user = RT::User->new(RT->SystemUser); $user->Load('root') or die "no root user\n";
my $token = RT::AuthToken->new(RT->SystemUser);
my ($ok, $msg, $secret) = $token->Create(Owner => $user->Id, Description => 'ticketcli tests');
$ok or die "token: $msg\n";
print $secret;
"""


def unavailable() -> str | None:
    """Why a real RT cannot be started here, or None when it can."""
    for path in (RT_SERVER, RT_LIB / "RT.pm", SITE_CONFIG_D):
        if not path.exists():
            return f"Request Tracker is not installed ({path} missing): apt-get install {PACKAGES} (see .ci/run)"
    if not os.access(DB, os.R_OK):
        return f"RT's SQLite database {DB} is missing or unreadable (run the tests as root, or install {PACKAGES})"
    if not shutil.which("perl"):
        return "perl is not installed"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Where RT is served, as Debian configures it.
WEB_PATH = "/rt"
#: The sendmail RT's test instance pipes its mail to: each message kept as a file, none sent.
_SENDMAIL = """#!/bin/sh
# ticketcli tests: Request Tracker's outgoing mail is kept here, never handed to an MTA.
exec cat > "$(mktemp "{folder}/msg.XXXXXXXX")"
"""


class RtServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = _free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        #: RT's web address: what ``helpdesk_url`` is set to.
        self.url = self.root + WEB_PATH
        #: ``$rtname``: in every mail's subject tag and X-RT-Loop-Prevention header.
        self.name = f"ticketcli-test-{secrets.token_hex(6)}"
        self.mailbox = folder / "mail"
        self.token = ""
        self.proc: subprocess.Popen | None = None
        self.started_in = 0.0

    # -- set-up ----------------------------------------------------------------------------------
    def _configure(self) -> dict[str, str]:
        conf = self.folder / "RT_SiteConfig.d"
        conf.mkdir(parents=True)
        for pm in sorted(SITE_CONFIG_D.glob("*.pm")):
            shutil.copy(pm, conf / pm.name)
        db = self.folder / "rtdb"
        shutil.copy(DB, db)
        for sub in ("mason", "sessions", "mail"):
            (self.folder / sub).mkdir()
        sendmail = self.folder / "sendmail"
        sendmail.write_text(_SENDMAIL.format(folder=self.mailbox), encoding="utf-8")
        sendmail.chmod(0o755)
        (conf / "99-ticketcli-tests.pm").write_text(
            f"""Set($WebPort, {self.port});
Set($WebDomain, '127.0.0.1');
Set($WebPath, '{WEB_PATH}');
Set($WebBaseURL, '{self.root}');
Set($rtname, '{self.name}');
Set($MailCommand, 'sendmailpipe');
Set($SendmailPath, '{sendmail}');
Set($SendmailArguments, '');
Set($SendmailBounceArguments, '');
Set($DatabaseName, '{db}');
Set($MasonDataDir, '{self.folder / "mason"}');
Set($MasonSessionDir, '{self.folder / "sessions"}');
Set($LogToSyslog, undef);
Set($LogToFile, undef);
Set($LogToSTDERR, 'error');
1;
""",
            encoding="utf-8",
        )
        env = dict(os.environ)
        env["RT_SITE_CONFIG_DIR"] = str(conf)
        env["PERL5LIB"] = str(RT_LIB)
        return env

    def start(self, timeout: float = 60.0) -> "RtServer":
        began = time.monotonic()
        env = self._configure()
        made = subprocess.run(["perl", "-e", _TOKEN_PERL], env=env, capture_output=True, text=True, timeout=60)
        if made.returncode != 0 or not made.stdout.strip():
            raise RuntimeError(f"cannot create an RT auth token: {made.stderr.strip()[-500:]}")
        self.token = made.stdout.strip()
        self.log = open(self.folder / "rt-server.log", "wb")
        self.proc = subprocess.Popen(
            [str(RT_SERVER), "--port", str(self.port), "--host", "127.0.0.1", "--webpath", WEB_PATH],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=self.folder,
            start_new_session=True,
        )
        deadline = began + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"rt-server exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                r = httpx.get(f"{self.url}/REST/2.0/queues/all", headers={"Authorization": f"token {self.token}"}, timeout=5)
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"rt-server did not answer within {timeout:.0f} s: {self.log_tail()}")
            time.sleep(0.2)
        self.started_in = time.monotonic() - began
        return self

    def log_tail(self) -> str:
        try:
            return (self.folder / "rt-server.log").read_text(errors="replace")[-1500:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.log.close()

    # -- reading RT back (independently of the adapter) -------------------------------------------
    def get(self, path: str, **params) -> httpx.Response:
        return httpx.get(f"{self.url}/REST/2.0{path}", params=params, headers={"Authorization": f"token {self.token}"}, timeout=30)

    def sent_mail(self) -> list[bytes]:
        """Every message RT has sent so far (kept by the test sendmail, in the order sent)."""
        files = sorted(self.mailbox.glob("msg.*"), key=lambda f: f.stat().st_mtime_ns)
        return [f.read_bytes() for f in files]


#: Where this machine's MTA keeps mail: the local spool and (Debian's exim4) its queue.
SPOOLS = (Path("/var/mail"), Path("/var/spool/exim4"))


def spool_files_naming(marker: str) -> list[Path]:
    """Files of the local mail spool and MTA queue that mention ``marker`` (those readable here)."""
    found = []
    needle = marker.encode()
    for root in SPOOLS:
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            try:
                if path.is_file() and needle in path.read_bytes():
                    found.append(path)
            except OSError:
                continue
    return found
