"""Floor for the wizard's first question: import questionary and ask one ``select`` question."""

import questionary

questionary.select(
    "What is the problem about?",
    choices=["Site does not open", "Mail", "Domain", "Hosting", "SSL certificate", "Account data", "Other"],
).ask()
