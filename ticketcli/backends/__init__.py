"""Delivery channels behind one small interface.

Every finished ticket is first published into the local outbox. ``outbox`` (the default) is
the channel that stops there: the ticket waits as a folder with ``message.eml``, ready for any
mail client, with nothing to configure. Other channels deliver from the outbox.
"""

from __future__ import annotations

#: backend name -> "module:attribute" of its class, imported only when that backend is used;
#: None for the built-in outbox, which delivers nothing further.
BACKENDS: dict[str, str | None] = {
    "outbox": None,
}
