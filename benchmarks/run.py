"""Every speed figure in one run, with its floors and anchors, as one table.

    python benchmarks/run.py            # the full run (about 3-5 minutes)
    python benchmarks/run.py --quick    # a smoke run for CI: few iterations, small sizes (< 2 min)
    python benchmarks/run.py --json out.json   # also write the figures as JSON

It installs nothing. It starts the servers it needs on 127.0.0.1: the tests' support-API server
(tests/servers/api_server.py) in a thread, a streaming sink for the large upload, and, when the
AWS CLI and moto are installed (``pip install awscli "moto[server]"``), ``moto_server`` for the
``aws support create-case`` anchor; without them that row says "not installed".

Every command is a real process, started as a shell would start it: the ``ticket`` console
script and ``aws`` next to this interpreter (not through a version manager's shim, which would
add its own start-up). Times are wall-clock medians over repeated runs, with min and max;
``python -c pass`` and ``python -I -S -c pass`` are measured in the same run, as the floor any
Python CLI pays on this machine. Each ticket process gets its own empty ``TICKETCLI_HOME``.

Two kinds of goal. Against the peers people use instead (the AWS CLI's ``support create-case``
against moto, ``aws --version``), and against the floor of the design card's own libraries:
what a ten-line program on the same libraries costs, run by the same interpreter in the same
virtualenv (``benchmarks/floors/``: a one-command Typer app's ``--help``; one Typer command that
builds an ``httpx.Client`` and POSTs one JSON ticket to the same server; questionary asking one
``select`` question). A ratio row compares medians measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "benchmarks" / "floors"
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_servers import TOKEN, UploadSink, support_api  # noqa: E402

#: Where the measured tools are: set by :func:`prepare` (``--env``).
BIN = Path(sys.executable).parent
PY = sys.executable
AWS_BIN = BIN
DESCRIPTION = "Please restore the site from yesterday's backup."
HEADER = f"{'measure':<46} {'goal':>12} {'median':>10} {'min':>10} {'max':>10} {'n':>4}  result"


@dataclass
class Row:
    name: str
    goal: str = ""
    unit: str = "ms"
    values: list[float] = field(default_factory=list)
    note: str = ""
    #: "<=" or ">=" and the number the median is compared with; None: an anchor, no goal
    limit: tuple[str, float] | None = None

    def verdict(self) -> str:
        if not self.values:
            return self.note or "-"
        if self.limit is None:
            return self.note or "anchor"
        op, number = self.limit
        med = statistics.median(self.values)
        ok = med <= number if op == "<=" else med >= number
        return ("met" if ok else "NOT met") + (f" ({self.note})" if self.note else "")

    def line(self) -> str:
        if not self.values:
            return f"{self.name:<46} {self.goal:>12} {'-':>10} {'-':>10} {'-':>10} {0:>4}  {self.verdict()}"
        fmt = (lambda v: f"{v:,.0f}") if self.unit in ("/s", "MB") and max(self.values) >= 100 else (lambda v: f"{v:.1f}")
        med, lo, hi = statistics.median(self.values), min(self.values), max(self.values)
        unit = "" if self.unit == "x" else f" {self.unit}" if self.unit != "ms" else " ms"
        return (
            f"{self.name:<46} {self.goal:>12} {fmt(med) + unit:>10} {fmt(lo) + unit:>10} {fmt(hi) + unit:>10} "
            f"{len(self.values):>4}  {self.verdict()}"
        )

    def to_dict(self) -> dict:
        out = {"name": self.name, "goal": self.goal, "unit": self.unit, "n": len(self.values), "result": self.verdict()}
        if self.values:
            out.update(median=statistics.median(self.values), min=min(self.values), max=max(self.values))
        return out


def ratio(name: str, numerator: list[float], denominator: list[float], op: str, limit: float) -> Row:
    """A row comparing two medians of the same run (``op`` ``<=`` or ``>=`` ``limit``)."""
    goal = f"{op} {limit:g}x"
    if not numerator or not denominator:
        return Row(name, goal, unit="x", note="not measured")
    value = statistics.median(numerator) / statistics.median(denominator)
    return Row(name, goal, unit="x", values=[value], limit=(op, limit))


def tool(name: str, folder: Path | None = None) -> str | None:
    """The real executable in ``folder`` (default: the measured environment's), else on PATH
    (``--env current`` only: a venv's tools are never mixed with others)."""
    here = (folder or BIN) / name
    if here.exists():
        return str(here)
    return shutil.which(name) if ENV_MODE == "current" else None


ENV_MODE = "current"


def cache_dir() -> Path:
    return Path(os.environ.get("TICKETCLI_BENCH_CACHE") or Path.home() / ".cache" / "ticketcli-bench")


def _venv(folder: Path, *requirements: str, always: bool = False) -> Path | None:
    """A virtualenv at ``folder`` with ``requirements`` installed (once, or ``always``); its bin
    folder, or None when it cannot be made (no network for the package index, say)."""
    import venv

    done = folder / ".installed"
    wanted = "\n".join(requirements)
    if not always and done.exists() and done.read_text(encoding="utf-8") == wanted:
        return folder / "bin"
    try:
        if not (folder / "bin" / "python").exists():
            venv.create(folder, with_pip=True, clear=True)
        subprocess.run([str(folder / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        *requirements], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)
    except (OSError, subprocess.SubprocessError) as exc:
        err = getattr(exc, "stderr", b"") or b""
        print(f"  could not prepare {folder}: {exc} {err.decode(errors='replace')[-400:]}", file=sys.stderr)
        return None
    done.write_text(wanted, encoding="utf-8")
    return folder / "bin"


def prepare(mode: str) -> str:
    """Point :data:`BIN`, :data:`PY` and :data:`AWS_BIN` at the environment to measure; a line
    saying which it is, for the table's header."""
    global BIN, PY, AWS_BIN, ENV_MODE
    ENV_MODE = mode
    if mode == "current":
        return f"tools next to {sys.executable}"
    cache = cache_dir()
    print(f"… virtualenvs in {cache}", file=sys.stderr, flush=True)
    # "pip install ." builds a wheel of this checkout and reinstalls it (a regular install, with
    # byte-code compiled), whatever version number it carries; dependencies are installed once.
    ticket_bin = _venv(cache / "ticket", str(ROOT), always=True)
    aws_bin = _venv(cache / "aws", "awscli", "moto[server]")
    if ticket_bin is None:
        raise SystemExit("cannot build the ticket virtualenv (see above); --env current measures without one")
    BIN, PY = ticket_bin, str(ticket_bin / "python")
    AWS_BIN = aws_bin or Path("/nonexistent")
    return f"fresh virtualenvs in {cache} (regular installs, as pipx makes them)"


def base_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # PYTHONDONTWRITEBYTECODE: measured as installed, with byte-code caches (pip writes them at
    # install time; the warm-up run writes them for an editable install).
    for var in ("TICKETCLI_LANG", "LC_ALL", "LC_MESSAGES", "COLUMNS", "TICKETCLI_TEST_CRASH_AT", "PYTHONDONTWRITEBYTECODE"):
        env.pop(var, None)
    env.update(TICKETCLI_HOME=str(home), LANG="en_US.UTF-8", NO_COLOR="1", TERM="xterm", TICKETCLI_API_TOKEN=TOKEN)
    env.update(extra)
    return env


def timed(cmd: list[str], env: dict[str, str] | None = None, *, check: bool = True) -> tuple[float, int]:
    """Wall time in ms of one process, and its peak RSS in KB (from wait4's rusage)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err.strip()[-500:]}")
    return elapsed, usage.ru_maxrss


def repeat(cmd: list[str], n: int, env: dict[str, str] | None = None, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        timed(cmd, env)
    return [timed(cmd, env)[0] for _ in range(n)]


def ticket_cmd(*args: str) -> list[str]:
    return [tool("ticket") or "ticket", *args]


def configure(home: Path, **values: str) -> None:
    """A profile through the real CLI (what a user would type)."""
    base = {"contract": "12-345", "domain": "example.ru", "contact_email": "owner@example.ru",
            "desk_email": "support@example-hosting.ru", "lang": "en"}
    base.update(values)
    env = base_env(home)
    for key, value in base.items():
        subprocess.run(ticket_cmd("config", "set", key, value), env=env, check=True, stdout=subprocess.DEVNULL)


def queue_tickets(home: Path, count: int, attachments: list[str] = ()) -> None:
    """Put ``count`` finished tickets in the outbox through the library (no delivery)."""
    code = (
        "import sys\n"
        "from ticketcli import service\n"
        "from ticketcli.store import config\n"
        "from ticketcli.store.outbox import Outbox\n"
        "profile = config.load().profile()\n"
        "box = Outbox()\n"
        "for i in range(int(sys.argv[1])):\n"
        "    t = service.new_ticket('other', profile)\n"
        f"    t.description = {DESCRIPTION!r} + f' (#{{i}})'\n"
        "    t.attachments = sys.argv[2:]\n"
        "    service.require_complete(t); service.finalize_subject(t)\n"
        "    box.put(t, profile)\n"
    )
    subprocess.run([PY, "-c", code, str(count), *attachments], env=base_env(home), check=True)


def outbox_states(home: Path) -> dict[str, int]:
    counts = {}
    for state in ("new", "sending", "sent", "failed"):
        folder = home / "outbox" / state
        counts[state] = len([n for n in os.listdir(folder) if not n.startswith(".")]) if folder.is_dir() else 0
    return counts


# ---- the figures ------------------------------------------------------------------------------
def bench_startup(rows: list[Row], n: int, work: Path) -> None:
    home = work / "startup"
    home.mkdir()
    env = base_env(home)
    rows.append(Row("python -c pass", values=repeat([PY, "-c", "pass"], n, env)))
    rows.append(Row("python -I -S -c pass (no site-packages)", values=repeat([PY, "-I", "-S", "-c", "pass"], n, env)))
    if PY != sys.executable:
        rows.append(Row("python -c pass (the runner's interpreter)", values=repeat([sys.executable, "-c", "pass"], n, env)))
    floor = repeat([PY, str(FLOORS / "typer_help.py"), "--help"], n, env)
    rows.append(Row("floor: a one-command Typer app's --help", values=floor))
    aws = tool("aws", AWS_BIN)
    aws_version = repeat([aws, "--version"], n, env) if aws else []
    rows.append(Row("aws --version", values=aws_version, note="" if aws else "not installed"))
    helps = repeat(ticket_cmd("--help"), n, env)
    rows.append(Row("ticket --help", values=helps))
    rows.append(ratio("ratio: ticket --help / Typer floor", helps, floor, "<=", 1.5))
    rows.append(ratio("ratio: ticket --help / aws --version", helps, aws_version, "<=", 0.25))
    rows.append(Row("ticket new --help", values=repeat(ticket_cmd("new", "--help"), n, env)))
    rows.append(Row("ticket --version", values=repeat(ticket_cmd("--version"), n, env)))


def first_question_ms(cmd: list[str], env: dict[str, str], marker: bytes = b"What is the problem about?", timeout: float = 20) -> float:
    """Start ``cmd`` on a pseudo-terminal; ms until its first question is on screen, answering
    prompt_toolkit's cursor-position requests as a terminal would."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its stdin/stdout/stderr
        try:
            os.execve(cmd[0], cmd, env)
        finally:
            os._exit(127)
    start = time.perf_counter()
    seen = b""
    cpr = b"\x1b[6n"
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise RuntimeError(f"no question after {timeout} s: {seen[-300:]!r}")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{cmd[-1]} ended before asking: {seen[-300:]!r}")
            seen += chunk
            if cpr in chunk:
                os.write(fd, b"\x1b[1;1R")
            if marker in seen:
                return (time.perf_counter() - start) * 1000
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def bench_wizard(rows: list[Row], n: int, work: Path) -> None:
    home = work / "wizard"
    home.mkdir()
    configure(home)
    env = base_env(home, COLUMNS="100", LINES="40")
    wizard = ticket_cmd("new")
    floor = [PY, str(FLOORS / "questionary_select.py")]
    first_question_ms(wizard, env)  # warm-up (byte-code caches)
    first_question_ms(floor, env)
    ours, theirs = [], []
    for _ in range(n):  # interleaved, so that a slow spell of the machine hits both
        ours.append(first_question_ms(wizard, env))
        theirs.append(first_question_ms(floor, env))
    rows.append(Row("floor: questionary asking one select", values=theirs))
    rows.append(Row("wizard: first question on a pty", values=ours))
    rows.append(ratio("ratio: wizard / questionary floor", ours, theirs, "<=", 1.5))


def bench_scripted_new(rows: list[Row], n: int, work: Path) -> list[float]:
    home = work / "new"
    home.mkdir()
    with support_api() as server:
        configure(home, backend="api", api_url=server.url)
        env = base_env(home)
        cmd = ticket_cmd("new", "--type", "other", "--description", DESCRIPTION, "--no-input")
        floor_cmd = [PY, str(FLOORS / "typer_httpx_post.py"), server.url, TOKEN, DESCRIPTION]
        timed(cmd, env)
        timed(floor_cmd, env)
        values, floor = [], []
        for _ in range(n):
            values.append(timed(cmd, env)[0])
            floor.append(timed(floor_cmd, env)[0])
        delivered = len(server.tickets)
    assert delivered == 2 * (n + 1), f"{delivered} tickets reached the server, expected {2 * (n + 1)}"
    rows.append(Row("floor: Typer + httpx POST of one ticket", values=floor))
    rows.append(Row("ticket new --no-input, delivered to the API", values=values))
    rows.append(ratio("ratio: ticket new / Typer + httpx floor", values, floor, "<=", 1.5))
    return values


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_aws(rows: list[Row], n: int, work: Path, ours: list[float]) -> None:
    aws, moto = tool("aws", AWS_BIN), tool("moto_server", AWS_BIN)
    if not aws or not moto:
        rows.append(Row("aws support create-case (moto server)", note="not installed"))
        rows.append(Row("ratio: aws create-case / ticket new", ">= 2x", unit="x", note="not installed"))
        return
    port = free_port()
    server = subprocess.Popen([moto, "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise RuntimeError("moto_server did not start")
                time.sleep(0.1)
        env = dict(os.environ)
        env.update(
            AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
            AWS_CONFIG_FILE=str(work / "aws-config"), AWS_SHARED_CREDENTIALS_FILE=str(work / "aws-credentials"), AWS_PAGER="",
        )
        cmd = [aws, "support", "create-case", "--subject", "Site down", "--communication-body", DESCRIPTION,
               "--endpoint-url", f"http://127.0.0.1:{port}", "--output", "json"]
        values = repeat(cmd, n, env)
    finally:
        server.terminate()
        server.wait(timeout=10)
    rows.append(Row("aws support create-case (moto server)", values=values))
    rows.append(ratio("ratio: aws create-case / ticket new", values, ours, ">=", 2))


def bench_send_all(rows: list[Row], count: int, runs: int, work: Path) -> None:
    rates = []
    for run in range(runs):
        home = work / f"send{run}"
        home.mkdir()
        configure(home)
        queue_tickets(home, count)
        with support_api() as server:
            configure(home, backend="api", api_url=server.url)
            elapsed, _ = timed(ticket_cmd("send", "--all"), base_env(home))
            keys = [p["key"] for p in server.posts()]
            stored = len(server.tickets)
        states = outbox_states(home)
        if not (len(keys) == count and len(set(keys)) == count and stored == count and states["sent"] == count):
            raise RuntimeError(f"send --all: {len(keys)} POSTs, {len(set(keys))} keys, {stored} stored, outbox {states}")
        rates.append(count / (elapsed / 1000))
    rows.append(Row(f"ticket send --all of {count:,} (exactly once)", ">= 300/s", unit="/s", values=rates, limit=(">=", 300)))


def make_file(path: Path, mb: int) -> None:
    block = os.urandom(2**20)
    with open(path, "wb") as fh:
        for _ in range(mb):
            fh.write(block)


def bench_upload(rows: list[Row], mb: int, runs: int, work: Path) -> None:
    big = work / "big.bin"
    make_file(big, mb)
    new_rss, send_rss = [], []
    for run in range(runs):
        home = work / f"upload{run}"
        home.mkdir()
        limit = str(mb + 10)
        # 1. ticket new --attach: copy into the outbox and write message.eml (outbox channel)
        configure(home, max_attachment_mb=limit)
        cmd = ticket_cmd("new", "--type", "other", "--description", DESCRIPTION, "--attach", str(big), "--no-input")
        _, rss = timed(cmd, base_env(home))
        new_rss.append(rss / 1024)
        # 2. ticket send: the upload to the API
        with UploadSink() as sink:
            configure(home, backend="api", api_url=sink.url, timeout="300")
            _, rss = timed(ticket_cmd("send", "--all"), base_env(home))
            received = list(sink.received)
        if len(received) != 1 or received[0] < mb * 2**20:
            raise RuntimeError(f"upload: the server received {received}")
        send_rss.append(rss / 1024)
    rows.append(Row(f"ticket new --attach {mb} MB: peak RSS", "<= 100 MB", unit="MB", values=new_rss, limit=("<=", 100)))
    rows.append(Row(f"ticket send, {mb} MB upload: peak RSS", "<= 100 MB", unit="MB", values=send_rss, limit=("<=", 100)))


def bench_check(rows: list[Row], count: int, runs: int, work: Path) -> None:
    folder = work / "check"
    folder.mkdir()
    texts = [
        "Сайт example.ru не открывается в Firefox, пишет «502 Bad Gateway». Договор 12-345.",
        "Hi, my site example.com shows 500 since this morning in Chrome. Contract 12-345.",
        "Не уходят письма из Thunderbird с ящика info@example.ru, ошибка 550. Раньше всё работало.",
        "Please renew the domain example.org for a year. Contract 12-345.",
    ]
    files = []
    for i in range(count):
        path = folder / f"{i:05d}.txt"
        path.write_text(f"{texts[i % len(texts)]} ({i})\n", encoding="utf-8")
        files.append(str(path))
    home = work / "checkhome"
    home.mkdir()
    rates = []
    for _ in range(runs):
        elapsed, _ = timed(ticket_cmd("check", "--format", "json", *files), base_env(home), check=False)
        rates.append(count / (elapsed / 1000))
    rows.append(Row(f"ticket check of {count:,} inputs, one process", ">= 1,000/s", unit="/s", values=rates, limit=(">=", 1000)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: few iterations, small sizes")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--env", choices=("venv", "current"), default="venv",
                        help="measure tools in fresh virtualenvs (default) or those next to this interpreter")
    opts = parser.parse_args(argv)
    if opts.quick:
        n, n_slow, tickets, send_runs, mb, check_n, runs = 3, 2, 100, 1, 20, 100, 1
    else:
        n, n_slow, tickets, send_runs, mb, check_n, runs = 21, 11, 1000, 3, 200, 1000, 3
    started = time.time()
    where = prepare(opts.env)
    if not tool("ticket"):
        print("the ticket console script is not installed (pip install -e .)", file=sys.stderr)
        return 2
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ticket-bench-") as tmp:
        work = Path(tmp)
        steps = [
            ("start-up", lambda: bench_startup(rows, n, work)),
            ("wizard", lambda: bench_wizard(rows, n_slow, work)),
            ("scripted new", lambda: ours.extend(bench_scripted_new(rows, n_slow, work))),
            ("aws anchor", lambda: bench_aws(rows, n_slow, work, ours)),
            ("send --all", lambda: bench_send_all(rows, tickets, send_runs, work)),
            ("upload", lambda: bench_upload(rows, mb, runs, work)),
            ("check", lambda: bench_check(rows, check_n, runs, work)),
        ]
        ours: list[float] = []
        for label, step in steps:
            print(f"… {label}", file=sys.stderr, flush=True)
            step()
    print(f"ticketcli benchmarks ({'quick' if opts.quick else 'full'} run, {time.time() - started:.0f} s; "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(f"environment: {where}")
    print(HEADER)
    print("-" * len(HEADER))
    for row in rows:
        print(row.line())
    if opts.json:
        Path(opts.json).write_text(json.dumps([r.to_dict() for r in rows], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
