"""The ``ticket`` command line: Typer commands over the library (:mod:`ticketcli.service`).

* :mod:`.app` — the root app, its options, the command tree and :func:`~.app.main`;
* one module per command group: :mod:`.new` (new, resume), :mod:`.check`, :mod:`.send` (send,
  list, show, status, reply), :mod:`.drafts`, :mod:`.outbox`, :mod:`.types` (types, schema),
  :mod:`.config`, :mod:`.auth`, :mod:`.diagnose`, :mod:`.completion` (with :mod:`.shells`, the
  scripts it writes);
* :mod:`.wizard` — the interactive wizard; :mod:`.output` — everything printed.

Importing this package imports nothing else.
"""
