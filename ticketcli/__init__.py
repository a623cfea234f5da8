"""ticketcli: compose support tickets that follow the desk's rules."""

__version__ = "0.1.0"
