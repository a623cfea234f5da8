"""The command line of the hot commands, parsed without Typer, exactly or not at all.

Typer (with the Click it carries) costs about a third of a scripted ``ticket new``. For the
commands in :data:`ticketcli.commands.FAST` the start-up fast path parses the arguments here,
from a table of their options that :func:`table` generates from the Typer app (stored in
:mod:`ticketcli._help`, checked up to date by a test). :func:`parse` follows Click's rules for
what it accepts: long options with a separate or ``=`` value, two-character short options with a
separate value, flags, repeatable options (last value wins for the others), options and
arguments in any order after the command name, ``-`` as an argument. Anything else (``--help``,
``--version``, ``--``, clustered or attached short options, an unknown option, a missing value,
an argument too many) returns None, and Typer parses the whole line as before, with its own
messages. A test drives both parsers over generated command lines and holds them equal.
"""

from __future__ import annotations

#: kinds of a table entry
FLAG, VALUE, MULTIPLE = "flag", "value", "multiple"


def table(app) -> dict:
    """``{command: {"options": {opt: (name, kind)}, "arguments": [(name, nargs)]}}`` for the
    root (key ``""``) and each fast command, from the Typer ``app``. Options this parser does
    not reproduce (eager ones, non-string values, on/off pairs) are left out, so they decline."""
    import typer.main

    from .commands import FAST

    group = typer.main.get_command(app)

    def spec(command) -> dict:
        options: dict[str, tuple[str, str]] = {}
        arguments: list[tuple[str, int]] = []
        for param in command.params:
            string = type(param.type).__name__ == "StringParamType"  # Click's STRING, vendored or not
            if param.param_type_name == "argument":
                if not string or param.nargs not in (1, -1) or param.required:
                    raise ValueError(f"{command.name}: argument {param.name} cannot be parsed here")
                arguments.append((param.name, param.nargs))
                if len(arguments) > 1:
                    raise ValueError(f"{command.name}: one argument at most can be parsed here")
                continue
            if param.is_eager or param.secondary_opts or param.nargs != 1 or param.count or param.envvar or param.prompt:
                continue
            if param.is_flag:
                kind = FLAG if param.is_bool_flag and param.default is False else None
            elif string:
                kind = MULTIPLE if param.multiple else VALUE
            else:
                kind = None
            if kind is not None:
                for opt in param.opts:
                    options[opt] = (param.name, kind)
        return {"options": options, "arguments": arguments}

    out = {"": spec(group)}
    for name in FAST:
        out[name] = spec(group.commands[name])
    return out


def _options(args: list[str], i: int, spec: dict, values: dict, positional: list[str] | None) -> int | None:
    """Parse options (and, with ``positional``, arguments) from ``args[i:]`` into ``values``.

    Returns the index where parsing stopped (the root stops at the first argument: the command
    name), or None to decline.
    """
    options = spec["options"]
    while i < len(args):
        token = args[i]
        if token == "--":
            return None
        if token[:1] != "-" or token == "-":
            if positional is None:
                return i
            positional.append(token)
            i += 1
            continue
        attached = None
        if token.startswith("--") and "=" in token:
            token, attached = token.split("=", 1)
        elif not token.startswith("--") and len(token) != 2:
            return None  # "-abc": a cluster or an attached value
        entry = options.get(token)
        if entry is None:
            return None
        name, kind = entry
        if kind == FLAG:
            if attached is not None:
                return None
            values[name] = True
            i += 1
            continue
        if attached is None:
            if i + 1 >= len(args):
                return None
            attached = args[i + 1]
            i += 1
        i += 1
        if kind == MULTIPLE:
            values.setdefault(name, []).append(attached)
        else:
            values[name] = attached
    return i


def parse(args: list[str], commands: dict) -> tuple[dict, str, dict] | None:
    """``(root options, command name, command options)`` for a line this parser takes, or None."""
    root: dict = {}
    i = _options(args, 0, commands[""], root, None)
    if i is None or i >= len(args):
        return None
    name = args[i]
    spec = commands.get(name) if name else None
    if spec is None:
        return None
    values: dict = {}
    positional: list[str] = []
    if _options(args, i + 1, spec, values, positional) is None:
        return None
    for param, nargs in spec["arguments"]:
        if nargs == -1:
            if positional:
                values[param] = positional
            positional = []
        elif positional:
            values[param] = positional.pop(0)
    if positional:
        return None  # an argument too many: Typer says so
    return root, name, values
