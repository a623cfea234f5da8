"""Regenerate the shell completion scripts in completions/ from the command tree.

    python scripts/gen_completions.py          # write the files
    python scripts/gen_completions.py --check  # exit 1 when they are out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from ticketcli.cli.shells import SCRIPTS

OUT = Path(__file__).resolve().parents[1] / "completions"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for shell, (name, make) in SCRIPTS.items():
        path = OUT / name
        text = make()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(name)
            if not check:
                OUT.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if check and stale:
        print(f"out of date: {', '.join(stale)}; run python scripts/gen_completions.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
