"""The interactive wizard: asks what the ticket still lacks, offers the rules' fixes as the
answers come in, previews the ticket, and hands it to the library's gate
(:func:`ticketcli.service.submit`).

* :mod:`.session` — the :class:`Wizard` (questions, fixes, preview, actions);
* :mod:`.prompt` — the one place that calls questionary.
"""

from .prompt import prompt, validator
from .session import Wizard, WizardResult, ask_type_or_stop

__all__ = ["Wizard", "WizardResult", "ask_type_or_stop", "prompt", "validator"]
