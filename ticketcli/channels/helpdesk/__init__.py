"""The helpdesk channels: Request Tracker, Zendesk, Freshdesk, Zammad, osTicket, Jira Service
Management, GitHub and GitLab issues — one module each, on the shared plumbing of
:mod:`.common` (the httpx client of :mod:`ticketcli.channels.http`, error mapping, HTML)."""
