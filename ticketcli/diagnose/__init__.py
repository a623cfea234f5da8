"""Automatic diagnostics for site-access and mail tickets (issue #6).

The library part: :func:`diagnose_site`, :func:`diagnose_mail` and :func:`client_facts` return
pure result objects (:mod:`.model`); :mod:`.lines` turns them into the ticket's "Diagnostics"
lines. The CLI (``ticket diagnose``) and the wizard call these; nothing here prints.
"""

from __future__ import annotations

from .model import Check, Deadline, Diagnosis  # noqa: F401


def diagnose_site(url: str, **kwargs):
    from .site import diagnose_site as run

    return run(url, **kwargs)


def diagnose_mail(**kwargs):
    from .mail import diagnose_mail as run

    return run(**kwargs)
