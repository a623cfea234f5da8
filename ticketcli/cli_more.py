"""Registers the commands that live in their own modules (delivery, checks, …) on the app."""
from . import cli_completion  # noqa: E402,F401
from . import cli_delivery  # noqa: F401
from . import cli_check  # noqa: E402,F401
from . import cli_diagnose  # noqa: E402,F401
