"""The root options as the commands read them (``ctx.obj``).

A module of its own so that ``ticket --help``, which never runs the root callback, does not
build it.
"""

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True)
class Root:
    """The options given before the command: ``--profile`` and ``--debug`` (``--lang`` is
    applied at once)."""

    profile: str | None = None
    debug: bool = False
