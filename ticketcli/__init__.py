"""ticketcli: compose support tickets that follow the desk's rules, interactively or from scripts.

The library: anything the ``ticket`` command does, a script can do by importing this package,
and through the same gate (:mod:`ticketcli.service` holds the policy)::

    import ticketcli

    profile = ticketcli.load_profile()                 # the default profile (or by name)
    ticket = ticketcli.new_ticket("site-access", profile)
    ticketcli.apply_answers(ticket, domain="example.ru", description="…",
                            fields={"url": "https://example.ru", "browser": "Firefox 128",
                                    "error": "502 Bad Gateway", "isp": "Rostelecom"})
    report = ticketcli.check(ticket, profile)          # every rule of the desk
    try:
        done = ticketcli.submit(ticket, profile)       # gate → outbox → the profile's channel
    except ticketcli.Impolite:                         # an insult: never queued, whoever asks
        raise
    except ticketcli.RuleErrors as exc:                # errors block unless overridden:
        done = ticketcli.submit(ticket, profile, force=True)   # recorded in ticket.overrides
    print(done.state, done.item.path)

The names below are loaded on first use (PEP 562), so ``import ticketcli`` stays cheap for the
command line's start-up.
"""

__version__ = "0.1.0"

#: exported name -> the module that defines it
_EXPORTS = {
    # compose
    "load_profile": "service",
    "new_ticket": "service",
    "ticket_from_document": "service",
    "apply_answers": "service",
    "apply_defaults": "service",
    "missing": "service",
    "require_complete": "service",
    # check and gate
    "check": "service",
    "assess": "service",
    "gate": "service",
    "Verdict": "service",
    # outbox and delivery
    "submit": "service",
    "Submitted": "service",
    "send": "service",
    "SendRun": "service",
    "retry": "service",
    # sent tickets
    "status": "service",
    "check_reply": "service",
    "reply": "service",
    "Replied": "service",
    # the conversation: the desk's answers
    "fetch_answers": "conversation",
    "show_conversation": "conversation",
    "inbox": "conversation",
    "save_attachments": "conversation",
    "Conversation": "conversation",
    "Message": "channels.base",
    # values
    "Ticket": "model",
    "Profile": "store.config",
    # errors
    "TicketError": "errors",
    "UsageError": "errors",
    "NotFound": "errors",
    "MissingInput": "errors",
    "ConfigError": "errors",
    "DeliveryError": "errors",
    "RuleErrors": "errors",
    "Impolite": "errors",
    "Interrupted": "errors",
    "ExitCode": "errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ticketcli' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
