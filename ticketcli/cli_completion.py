"""`ticket completion show|install SHELL`: the generated scripts, which never start Python on Tab."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from .cli import app, group

completion_app = group(help="Shell completion for bash, zsh and fish.", no_args_is_help=True)
app.add_typer(completion_app, name="completion")


def _target(shell: str) -> Path:
    home = Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    if shell == "bash":
        return data / "bash-completion" / "completions" / "ticket"
    if shell == "zsh":
        return home / ".zfunc" / "_ticket"
    return config / "fish" / "completions" / "ticket.fish"


def _check_shell(shell: str) -> str:
    from .completion import SHELLS
    from .errors import UsageError

    if shell not in SHELLS:
        raise UsageError(f"Unknown shell '{shell}': use one of {', '.join(SHELLS)}. / Неизвестная оболочка «{shell}»: {', '.join(SHELLS)}.")
    return shell


@completion_app.command("show")
def show(shell: str = typer.Argument(..., help="bash, zsh or fish")) -> None:
    """Print the completion script for SHELL."""
    import sys

    from .completion import script

    sys.stdout.write(script(_check_shell(shell)))


@completion_app.command("install")
def install(shell: str = typer.Argument("bash", help="bash, zsh or fish")) -> None:
    """Install the completion script where SHELL looks for it."""
    from . import render
    from .completion import script
    from .fsutil import atomic_write

    target = _target(_check_shell(shell))
    atomic_write(target, script(shell).encode("utf-8"))
    os.chmod(target, 0o644)
    render.ok_line(f"{target}")
    if shell == "zsh":
        render.info_line("Add to ~/.zshrc: fpath=(~/.zfunc $fpath); autoload -U compinit && compinit")
