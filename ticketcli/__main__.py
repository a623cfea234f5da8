"""``python -m ticketcli``: the ``ticket`` command (:func:`ticketcli.cli.app.main`)."""

import sys

from .cli.app import main

if __name__ == "__main__":
    sys.exit(main())
