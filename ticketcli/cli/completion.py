"""``ticket completion show|install SHELL``: the generated scripts (:mod:`.shells`), which never
start Python on Tab."""

import os

import typer

from ..i18n import register
from .base import group

register(
    {
        "compl_installed": ("Installed: {path}", "Установлено: {path}"),
        "compl_bash_ok": (
            "A new bash loads it through the bash-completion package ({found}).",
            "Новый bash загрузит его через пакет bash-completion ({found}).",
        ),
        "compl_bash_missing": (
            "bash loads this file only through the bash-completion package, which is not installed here: install it (apt install bash-completion, dnf install bash-completion, brew install bash-completion@2), or add this line to ~/.bashrc instead: source <(ticket completion show bash)",
            "bash загружает этот файл только через пакет bash-completion, а он здесь не установлен: установите его (apt install bash-completion, dnf install bash-completion, brew install bash-completion@2) или добавьте вместо этого в ~/.bashrc строку: source <(ticket completion show bash)",
        ),
        "compl_zsh": (
            "Add to ~/.zshrc: fpath=(~/.zfunc $fpath); autoload -U compinit && compinit",
            "Добавьте в ~/.zshrc: fpath=(~/.zfunc $fpath); autoload -U compinit && compinit",
        ),
        "compl_fish": ("A new fish loads it by itself.", "Новый fish загрузит его сам."),
    }
)

#: Where the bash-completion package puts its loader (Debian/Fedora, Homebrew on Intel and ARM).
BASH_COMPLETION = (
    "/usr/share/bash-completion/bash_completion",
    "/etc/bash_completion",
    "/usr/local/etc/profile.d/bash_completion.sh",
    "/opt/homebrew/etc/profile.d/bash_completion.sh",
)


def bash_completion_loader() -> str | None:
    """The bash-completion package's loader on this machine, or None: without it bash never
    reads the folder ``completion install bash`` writes to."""
    return next((path for path in BASH_COMPLETION if os.path.isfile(path)), None)

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
        from ..i18n import get_lang

        if get_lang() == "ru":
            raise UsageError(f"Неизвестная оболочка «{shell}»: используйте {', '.join(SHELLS)}.")
        raise UsageError(f"Unknown shell '{shell}': use one of {', '.join(SHELLS)}.")
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
    from ..i18n import t

    output.ok_line(t("compl_installed", path=target))
    if shell == "bash":
        found = bash_completion_loader()
        output.info_line(t("compl_bash_ok", found=found) if found else t("compl_bash_missing"))
    elif shell == "zsh":
        output.info_line(t("compl_zsh"))
    else:
        output.info_line(t("compl_fish"))
