"""The ``ticket`` console script and ``python -m ticketcli``: a start-up fast path, then Typer.

``ticket --version`` and every ``--help`` page (and the help a command group prints when called
without a subcommand) are answered from :mod:`ticketcli._help`, a table generated from the Typer
app by :func:`write_help` (a test checks it equals Typer's output), so these never import typer,
rich or any command module. The same table holds the options of the commands scripts run most
(``new``, ``check``, ``send``): their command lines are parsed by :mod:`ticketcli.argv` and run
by :mod:`ticketcli.commands`, the functions the Typer commands call, without importing Typer.
Everything else, and every case the tables cannot answer exactly, goes to
:func:`ticketcli.cli.main`:

* the table is used only while the command modules (``cli*.py``) and ``__init__.py`` are the
  ones it was generated from (their CRC-32 is stored with it), so an edited command falls back
  to Typer instead of printing a stale page;
* Click wraps help to ``min(terminal columns, 80) - 2``; the table holds the 78-column pages,
  so a terminal narrower than 80 columns falls back to Typer too.
"""

from __future__ import annotations

import os
import sys

#: Help texts are wrapped for terminals at least this wide (Click's default ``max_width``).
HELP_COLUMNS = 80


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    code = _fast(args)
    if code is not None:
        return code
    _skip_unused_optional_imports()
    code = _fast_command(args)
    if code is not None:
        return code
    from .cli import main as cli_main

    return cli_main(args)


#: Optional modules that third-party libraries import if they are installed, which a ``ticket``
#: process never uses: httpcore probes for trio (an async framework; ~70 ms), httpx imports its
#: own command-line client (click, rich, pygments; ~40 ms). Marked absent for this process only;
#: a library user importing ticketcli is not affected.
UNUSED_OPTIONAL = ("trio", "httpx._main")


def _skip_unused_optional_imports() -> None:
    for name in UNUSED_OPTIONAL:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "not installed"


def _fast(args: list[str]) -> int | None:
    """The answer for ``--version`` and a pre-generated help page, or None (ask Typer).

    Regenerate the table with ``python -c "import ticketcli.__main__ as m; m.write_help()"``.
    """
    if args == ["--version"]:
        from . import __version__

        return _write(f"ticket {__version__}\n", "", 0)
    if len(args) > 2 and args[-1] not in ("--help", "-h"):
        return None  # no page is keyed by this: skip the table
    _help = _table()
    page = _help.PAGES.get(" ".join(args)) if _help else None
    if page is None or _columns() < HELP_COLUMNS:
        return None
    out, err, code = page
    return _write(out, err, code)


_TABLE: list = []  # the answer of _table(), once known (it reads every command module's source)


def _table():
    """:mod:`ticketcli._help` when it was generated from these command modules, else None."""
    if not _TABLE:
        try:
            from . import _help
        except ImportError:  # pragma: no cover - a build without the generated table
            _help = None
        _TABLE.append(_help if _help is not None and _help.FINGERPRINT == fingerprint() else None)
    return _TABLE[0]


#: Click answers shell-completion requests when this variable is set: leave those to it.
COMPLETE_VAR = "_TICKET_COMPLETE"


def _fast_command(args: list[str]) -> int | None:
    """Run a hot command (``new``, ``check``, ``send``) without Typer when :mod:`ticketcli.argv`
    parses its line exactly; None otherwise (Typer runs it)."""
    if COMPLETE_VAR in os.environ:
        return None
    _help = _table()
    if _help is None:
        return None
    from .argv import parse

    parsed = parse(args, _help.COMMANDS)
    if parsed is None:
        return None
    root, name, values = parsed
    from . import commands

    def run() -> None:
        commands.root(**root)
        commands.FAST[name](**values)

    return commands.guarded(run, bool(root.get("debug")))


def _write(out: str, err: str, code: int) -> int:
    try:
        if out:
            sys.stdout.write(out)
            sys.stdout.flush()
        if err:
            sys.stderr.write(err)
            sys.stderr.flush()
    except BrokenPipeError:
        return 0
    return code


def _columns() -> int:
    """The terminal width exactly as :func:`shutil.get_terminal_size` (which Click uses) sees it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or HELP_COLUMNS
    return columns


def _sources() -> list[str]:
    folder = os.path.dirname(os.path.abspath(__file__))
    names = sorted(n for n in os.listdir(folder) if (n.startswith("cli") and n.endswith(".py")) or n == "__init__.py")
    return [os.path.join(folder, n) for n in names]


def fingerprint() -> str:
    """CRC-32 of the command modules' sources: the table is valid only for these."""
    import zlib

    crc = 0
    for path in _sources():
        crc = zlib.crc32(os.path.basename(path).encode() + b"\0", crc)
        with open(path, "rb") as f:
            crc = zlib.crc32(f.read(), crc)
    return f"{crc:08x}"


# ---- generation (not on the start-up path) -----------------------------------------------------
def help_pages() -> dict:
    """Run the Typer app for every help page and record (stdout, stderr, exit code).

    Keys are the argument lists joined by spaces: ``"--help"``, ``"new -h"``, ``"drafts"`` (a
    group that prints its help when called bare), ``""`` (``ticket`` alone).
    """
    import contextlib
    import io

    import typer.main

    from .cli import app
    from .cli import main as cli_main

    keys: list[str] = []

    def walk(cmd, path: list[str]) -> None:
        for flag in ("--help", "-h"):
            keys.append(" ".join(path + [flag]))
        if getattr(cmd, "no_args_is_help", False):
            keys.append(" ".join(path))
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            walk(sub, path + [name])

    walk(typer.main.get_command(app), [])
    pages = {}
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(HELP_COLUMNS)
    try:
        for key in keys:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = cli_main(key.split())
            pages[key] = (out.getvalue(), err.getvalue(), int(code))
    finally:
        if saved is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = saved
    return pages


def help_module() -> str:
    from .argv import table
    from .cli import app

    lines = [
        '"""GENERATED by ``python -c "import ticketcli.__main__ as m; m.write_help()"``: do not edit.',
        "",
        "Every help page of ``ticket`` as Typer prints it at 80 columns, and the options of the",
        "commands :mod:`ticketcli.argv` parses, for the start-up fast path in",
        ':mod:`ticketcli.__main__`; a test checks it is up to date."""',
        "",
        f"FINGERPRINT = {fingerprint()!r}",
        "",
        "PAGES = {",
    ]
    for key, value in sorted(help_pages().items()):
        lines.append(f"    {key!r}: {value!r},")
    lines.append("}")
    lines.append("")
    lines.append("COMMANDS = {")
    for key, value in table(app).items():
        lines.append(f"    {key!r}: {value!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_help() -> str:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_help.py")
    text = help_module()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


if __name__ == "__main__":
    sys.exit(main())
