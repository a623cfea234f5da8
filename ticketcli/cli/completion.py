"""``ticket completion show|install SHELL``: the generated scripts (:mod:`.shells`), which never
start Python on Tab."""

import os

import typer

from .base import group

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

app = group(help="Shell completion for bash, zsh and fish.", no_args_is_help=True)


def _target(shell: str) -> "Path":
    from pathlib import Path

    home = Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    if shell == "bash":
        return data / "bash-completion" / "completions" / "ticket"
    if shell == "zsh":
        return home / ".zfunc" / "_ticket"
    return config / "fish" / "completions" / "ticket.fish"


def _check_shell(shell: str) -> str:
    from ..errors import UsageError
    from .shells import SHELLS

    if shell not in SHELLS:
        raise UsageError(f"Unknown shell '{shell}': use one of {', '.join(SHELLS)}. / Неизвестная оболочка «{shell}»: {', '.join(SHELLS)}.")
    return shell


@app.command("show")
def show(shell: str = typer.Argument(..., help="bash, zsh or fish")) -> None:
    """Print the completion script for SHELL."""
    import sys

    from .shells import script

    sys.stdout.write(script(_check_shell(shell)))


@app.command("install")
def install(shell: str = typer.Argument("bash", help="bash, zsh or fish")) -> None:
    """Install the completion script where SHELL looks for it."""
    from ..store.files import atomic_write
    from . import output
    from .shells import script

    target = _target(_check_shell(shell))
    atomic_write(target, script(shell).encode("utf-8"))
    os.chmod(target, 0o644)
    output.ok_line(f"{target}")
    if shell == "zsh":
        output.info_line("Add to ~/.zshrc: fpath=(~/.zfunc $fpath); autoload -U compinit && compinit")
