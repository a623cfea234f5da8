"""Shell completion scripts, generated from the command tree and the problem types.

The scripts know commands, options and problem types statically, and read draft and outbox ids
straight from the data folders, so pressing Tab never starts Python. ``scripts/gen_completions.py``
writes them to ``completions/``; a test fails when the shipped files are out of date.

The folders are the program's own: :func:`folders` calls :mod:`ticketcli.store.paths` for each
platform the scripts tell apart (by ``uname -s``), with marker values for ``HOME``, the XDG
variables and ``TICKETCLI_HOME``, and turns the answers into shell text. ``ticket completion
show|install`` generate the scripts with the platformdirs installed next to the program.
"""

from __future__ import annotations

import dataclasses
import os
from contextlib import contextmanager

SHELLS = ("bash", "zsh", "fish")

#: Argument names -> the kind of value they complete to.
ARG_KINDS = {
    "draft_id": "drafts",
    "draft_ids": "drafts",
    "item_id": "outbox",
    "item_ids": "outbox",
    "ticket_id": "history",
    "type_name": "types",
    "profile": "profiles",
    "shell": "shells",
    "inputs": "files",
}
#: Option names -> the kind of value they complete to ("" = free text).
OPTION_KINDS = {
    "--type": "types",
    "--lang": "langs",
    "--ticket-lang": "langs",
    "--field": "fields",
    "--attach": "files",
    "--from-file": "files",
    "--save-attachments": "files",
    "--profile": "profiles",
    "--format": "formats",
}


@dataclasses.dataclass(slots=True)
class Node:
    path: str
    subcommands: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    options: list[str] = dataclasses.field(default_factory=list)
    #: options that take a value, with the kind of value
    valued: dict[str, str] = dataclasses.field(default_factory=dict)
    arg_kind: str = ""


def command_tree() -> list[Node]:
    import typer.main

    from .app import app

    root = typer.main.get_command(app)
    nodes: list[Node] = []

    def walk(cmd, path: str) -> None:
        node = Node(path)
        for param in cmd.params:
            if param.param_type_name == "option":
                names = [o for o in param.opts + param.secondary_opts]
                node.options.extend(names)
                if not param.is_flag:
                    for name in param.opts:
                        node.valued[name] = OPTION_KINDS.get(param.opts[0], "")
            elif param.param_type_name == "argument" and not node.arg_kind:
                node.arg_kind = ARG_KINDS.get(param.name or "", "")
        node.options.extend(["--help", "-h"])
        if hasattr(cmd, "commands"):
            for name in cmd.list_commands(None):
                sub = cmd.commands[name]
                if sub.hidden:
                    continue
                node.subcommands.append((name, (sub.get_short_help_str(60) or "").replace("\n", " ")))
                walk(sub, f"{path} {name}".strip())
        nodes.append(node)

    walk(root, "")
    nodes.sort(key=lambda n: n.path)
    return nodes


def static_values() -> dict[str, list[str]]:
    from ..problems import TYPES

    keys: list[str] = []
    for ptype in TYPES.values():
        for key in ptype.field_keys():
            if f"{key}=" not in keys:
                keys.append(f"{key}=")
    return {
        "types": list(TYPES),
        "langs": ["ru", "en"],
        "fields": keys,
        "formats": ["text", "json"],
        "shells": list(SHELLS),
    }


def _words(items) -> str:
    return " ".join(items)


# ---- the data folders, as ticketcli.store.paths finds them ---------------------------------------
#: The platforms the scripts tell apart, as ``uname -s`` names them: the last one stands for
#: every other system too (the XDG layout of Linux and the BSDs).
SYSTEMS = ("Darwin", "Linux")
#: Environment variables the folders depend on, each set to a marker while paths is asked; in
#: the scripts, ``TICKETCLI_HOME`` is the local ``home`` (with a leading ``~`` expanded).
_MARKS = {"TICKETCLI_HOME": "home", "HOME": "HOME", "XDG_DATA_HOME": "XDG_DATA_HOME", "XDG_CONFIG_HOME": "XDG_CONFIG_HOME"}
_XDG = {"data": "XDG_DATA_HOME", "config": "XDG_CONFIG_HOME"}


def _mark(var: str) -> str:
    return f"/@{var}@"


@contextmanager
def _environment(**values: str | None):
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _shell_text(path: str) -> str:
    """A path with markers as a double-quoted word of bash and fish (``"$HOME/…"``)."""
    text = path.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    for var, name in _MARKS.items():
        text = text.replace(_mark(var), f"${name}")
    if "/@" in text:
        raise ValueError(f"a folder the scripts cannot express: {path}")
    return f'"{text}"'


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """Where a folder is on one platform, as shell words: with the XDG variable set to an
    absolute path (``xdg``; None when the platform ignores the variable), and without it."""

    var: str
    xdg: str | None
    default: str


def folders() -> dict[str, dict[str, object]]:
    """``{"data" | "config": {"home": word, system: Place, …}}``: the data folder and the
    configuration file, under ``TICKETCLI_HOME`` and on each of :data:`SYSTEMS`."""
    from ..store import paths

    ask = {"data": paths.data_dir, "config": paths.config_file}
    out: dict[str, dict[str, object]] = {}
    unset = {var: None for var in _MARKS}
    for kind, where in ask.items():
        with _environment(**{**unset, "HOME": _mark("HOME"), "TICKETCLI_HOME": _mark("TICKETCLI_HOME")}):
            entry: dict[str, object] = {"home": _shell_text(str(where()))}
        for system in SYSTEMS:
            with _environment(**{**unset, "HOME": _mark("HOME")}):
                default = str(where(system))
            var = _XDG[kind]
            with _environment(**{**unset, "HOME": _mark("HOME"), var: _mark(var)}):
                xdg = str(where(system))
            entry[system] = Place(var, _shell_text(xdg) if xdg != default else None, _shell_text(default))
        out[kind] = entry
    return out


def _bash_folder(name: str, found: dict) -> list[str]:
    lines = [
        f"{name}() {{",
        '    local home="${TICKETCLI_HOME:-}"',
        f'    if [ -n "$home" ]; then home="${{home/#\\~/$HOME}}"; printf "%s" {found["home"]}; return; fi',
        '    case "$_ticket_os" in',
    ]
    for system in SYSTEMS:
        place = found[system]
        pattern = "*" if system == SYSTEMS[-1] else system
        if place.xdg is None:
            body = f'printf "%s" {place.default}'
        else:
            body = f'case "${{{place.var}:-}}" in /*) printf "%s" {place.xdg} ;; *) printf "%s" {place.default} ;; esac'
        lines.append(f"        {pattern}) {body} ;;")
    return lines + ["    esac", "}"]


def _fish_folder(name: str, found: dict) -> list[str]:
    lines = [
        f"function {name}",
        '    set -l home "$TICKETCLI_HOME"',
        "    if test -n \"$home\"",
        "        set home (string replace -r -- '^~' \"$HOME\" \"$home\")",
        f"        echo {found['home']}",
        "        return",
        "    end",
        '    switch "$__ticket_os"',
    ]
    for system in SYSTEMS:
        place = found[system]
        pattern = "'*'" if system == SYSTEMS[-1] else system
        lines.append(f"        case {pattern}")
        if place.xdg is None:
            lines.append(f"            echo {place.default}")
        else:
            lines.append(f"            if string match -q -- '/*' \"${place.var}\"; echo {place.xdg}; else; echo {place.default}; end")
    return lines + ["    end", "end"]


def bash_script() -> str:
    nodes = command_tree()
    values = static_values()
    found = folders()
    lines = [
        "# bash completion for ticket (ticketcli). Generated by scripts/gen_completions.py: do not edit.",
        "# Install: ticket completion install bash   (or: source this file)",
        "",
        "# Where ticketcli keeps its files (ticketcli/paths.py, for each platform; TICKETCLI_HOME first).",
        "_ticket_os=$(uname -s 2>/dev/null)",
        "",
        *_bash_folder("_ticket_data_dir", found["data"]),
        "",
        *_bash_folder("_ticket_config_file", found["config"]),
        "",
        "# Ids straight from the data folders (first 8 characters, as ticket shows them).",
        "_ticket_ids() {",
        '    local base f name',
        '    base=$(_ticket_data_dir)',
        '    case "$1" in',
        '        drafts) for f in "$base"/drafts/*.json; do [ -e "$f" ] || continue; name=${f##*/}; printf "%s\\n" "${name:0:8}"; done ;;',
        '        outbox) for f in "$base"/outbox/*/*; do [ -d "$f" ] || continue; name=${f##*/}; case "$name" in .*) continue;; esac; printf "%s\\n" "${name:0:8}"; done ;;',
        '        history) for f in "$base"/history/*.json; do [ -e "$f" ] || continue; name=${f##*/}; printf "%s\\n" "${name:0:8}"; done ;;',
        '        profiles) f=$(_ticket_config_file); [ -r "$f" ] && sed -n \'s/^\\[profiles\\.\\([A-Za-z0-9_-]*\\)\\]$/\\1/p\' "$f" ;;',
        "    esac",
        "}",
        "",
        "_ticket_values() {",
        '    case "$1" in',
    ]
    for kind, items in values.items():
        lines.append(f'        {kind}) printf "%s\\n" {_words(items)} ;;')
    lines += [
        "        drafts|outbox|history|profiles) _ticket_ids \"$1\" ;;",
        "    esac",
        "}",
        "",
        "_ticket_node() {",
        '    # $1: the command path; prints: subcommands | options | valued options with kinds | argument kind',
        '    case "$1" in',
    ]
    for node in nodes:
        subs = _words(name for name, _ in node.subcommands)
        valued = _words(f"{opt}:{kind or '-'}" for opt, kind in node.valued.items())
        lines.append(f'        "{node.path}") _t_subs="{subs}"; _t_opts="{_words(node.options)}"; _t_valued="{valued}"; _t_arg="{node.arg_kind}" ;;')
    lines += [
        '        *) _t_subs=""; _t_opts=""; _t_valued=""; _t_arg="" ;;',
        "    esac",
        "}",
        "",
        "_ticket_kind_of() {",
        '    # the kind of value option $1 takes in the current node, or nothing when it is a flag',
        '    local pair',
        '    for pair in $_t_valued; do',
        '        if [ "${pair%%:*}" = "$1" ]; then printf "%s" "${pair#*:}"; return 0; fi',
        '    done',
        '    return 1',
        "}",
        "",
        "_ticket() {",
        '    local cur path="" i word kind _t_subs _t_opts _t_valued _t_arg',
        '    cur="${COMP_WORDS[COMP_CWORD]}"',
        '    _ticket_node ""',
        "    i=1",
        '    while [ "$i" -lt "$COMP_CWORD" ]; do',
        '        word="${COMP_WORDS[i]}"',
        '        case "$word" in',
        '            -*=*) ;;',
        '            -*) if kind=$(_ticket_kind_of "$word"); then i=$((i + 1)); fi ;;',
        '            *) case " $_t_subs " in',
        '                   *" $word "*) path="${path:+$path }$word"; _ticket_node "$path" ;;',
        "               esac ;;",
        "        esac",
        "        i=$((i + 1))",
        "    done",
        '    local prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    if [ "$COMP_CWORD" -gt 1 ] && kind=$(_ticket_kind_of "$prev"); then',
        '        case "$kind" in',
        '            files) COMPREPLY=($(compgen -f -- "$cur")) ;;',
        '            -) COMPREPLY=() ;;',
        '            *) COMPREPLY=($(compgen -W "$(_ticket_values "$kind")" -- "$cur")) ;;',
        "        esac",
        '        [ "$kind" = fields ] && compopt -o nospace 2>/dev/null',
        "        return 0",
        "    fi",
        '    case "$cur" in',
        '        -*) COMPREPLY=($(compgen -W "$_t_opts" -- "$cur")) ;;',
        '        *) if [ -n "$_t_subs" ]; then COMPREPLY=($(compgen -W "$_t_subs" -- "$cur"));',
        '           elif [ "$_t_arg" = files ]; then COMPREPLY=($(compgen -f -- "$cur"));',
        '           elif [ -n "$_t_arg" ]; then COMPREPLY=($(compgen -W "$(_ticket_values "$_t_arg")" -- "$cur")); fi ;;',
        "    esac",
        "    return 0",
        "}",
        "",
        "complete -F _ticket ticket",
        "",
    ]
    return "\n".join(lines)


def zsh_script() -> str:
    """zsh runs the bash completion through bashcompinit: one implementation, two shells."""
    return "\n".join(
        [
            "#compdef ticket",
            "# zsh completion for ticket (ticketcli). Generated by scripts/gen_completions.py: do not edit.",
            "# Install: ticket completion install zsh",
            "autoload -U +X bashcompinit && bashcompinit",
            bash_script().split("\n", 2)[2],
        ]
    )


def _fish_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'")


def fish_script() -> str:
    nodes = command_tree()
    values = static_values()
    out = [
        "# fish completion for ticket (ticketcli). Generated by scripts/gen_completions.py: do not edit.",
        "# Install: ticket completion install fish",
        "",
        "# Where ticketcli keeps its files (ticketcli/paths.py, for each platform; TICKETCLI_HOME first).",
        "set -g __ticket_os (uname -s 2>/dev/null)",
        "",
        *_fish_folder("__ticket_data_dir", folders()["data"]),
        "",
        "function __ticket_ids",
        "    set -l base (__ticket_data_dir)",
        "    switch $argv[1]",
        "        case drafts",
        "            for f in $base/drafts/*.json; string sub -l 8 (basename $f); end",
        "        case outbox",
        "            for f in $base/outbox/*/*/; string sub -l 8 (basename $f); end",
        "        case history",
        "            for f in $base/history/*.json; string sub -l 8 (basename $f); end",
        "    end",
        "end",
        "",
        "# true when the words typed so far are exactly the command path $argv",
        "function __ticket_path_is",
        "    set -l words (commandline -opc)[2..-1]",
        "    set -l path",
        "    for w in $words",
        "        string match -q -- '-*' $w; and continue",
        "        set path $path $w",
        "    end",
        "    test \"$path\" = \"$argv\"",
        "end",
        "",
    ]
    kinds = {k: " ".join(v) for k, v in values.items()}
    for node in nodes:
        cond = f"__ticket_path_is {node.path}".rstrip()
        for name, help_text in node.subcommands:
            out.append(f"complete -c ticket -f -n '{cond}' -a {name} -d '{_fish_escape(help_text)}'")
        for opt in node.options:
            if opt in ("-h",):
                continue
            flag = f"-l {opt[2:]}" if opt.startswith("--") else f"-s {opt[1:]}"
            kind = node.valued.get(opt)
            if kind is None:
                out.append(f"complete -c ticket -f -n '{cond}' {flag}")
            elif kind == "files":
                out.append(f"complete -c ticket -F -r -n '{cond}' {flag}")
            elif kind in ("drafts", "outbox", "history"):
                out.append(f"complete -c ticket -x -n '{cond}' {flag} -a '(__ticket_ids {kind})'")
            elif kind in kinds:
                out.append(f"complete -c ticket -x -n '{cond}' {flag} -a '{kinds[kind]}'")
            else:
                out.append(f"complete -c ticket -x -n '{cond}' {flag}")
        if node.arg_kind in ("drafts", "outbox", "history"):
            out.append(f"complete -c ticket -f -n '{cond}' -a '(__ticket_ids {node.arg_kind})'")
        elif node.arg_kind in kinds:
            out.append(f"complete -c ticket -f -n '{cond}' -a '{kinds[node.arg_kind]}'")
    out.append("")
    return "\n".join(out)


SCRIPTS = {"bash": ("ticket.bash", bash_script), "zsh": ("_ticket", zsh_script), "fish": ("ticket.fish", fish_script)}


def script(shell: str) -> str:
    return SCRIPTS[shell][1]()
