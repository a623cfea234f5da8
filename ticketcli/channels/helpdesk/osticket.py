"""osTicket (HTTP API, JSON).

* create: ``POST /api/tickets.json`` with ``X-API-Key`` (osTicket ties each key to the client's IP
  address) and ``{"alert": true, "autorespond": true, "source": "API", "name", "email",
  "subject", "message": "data:text/html;charset=utf-8,<p>…</p>", "topicId", "attachments":
  [{"<file name>": "data:<type>;base64,<content>"}]}``; answers ``201 Created`` with the new
  ticket's external number as the plain-text body;
* the message is in the form osTicket's API documentation gives (``"message": "data:text/html,
  MESSAGE <b>HERE</b>"``), with the charset: the HTML travels as it is, not in base64 and not
  percent-encoded. osTicket's RFC 2397 parser (``Format::parseRfc2397`` in
  ``include/class.format.php``) splits the data URL at its first comma and takes what follows
  verbatim (it never percent-decodes), and it reads the parameters by splitting the *whole*
  parameter string at ``=``: with ``charset=utf-8;base64`` the charset becomes ``utf-8;base64``
  and the base64 is never decoded, so a base64 message shows up on the desk as base64 text.
  A single parameter is read correctly, which is why attachments go as ``data:TYPE;base64,…``
  with no charset (sizes are checked before any file is read: they travel inside the JSON);
* osTicket's API creates tickets only: :meth:`status`, :meth:`follow_up` and :meth:`messages` say so (the client
  follows the ticket on the desk's "check ticket status" page or by e-mail).

Source: osTicket's own documentation (repository osTicket/osTicket, setup/doc/api.md and
setup/doc/api/tickets.md; also docs.osticket.com "API/Tickets").
"""

from __future__ import annotations

from typing import Any


from ...i18n import register, t
from ..base import Attachment, Message, Outgoing, PermanentError, Receipt
from .common import HelpdeskBackend, b64_file, mime_type, render_html, requester_name, subject_of

register(
    {
        "ost_create_only": (
            "osTicket's API only creates tickets: it cannot {what}. Follow ticket {number} on {url} or by e-mail.",
            "API osTicket умеет только создавать заявки, {what} через него нельзя. Следите за заявкой {number} на {url} или по почте.",
        ),
        "ost_status": ("read its status", "узнать статус"),
        "ost_reply": ("add a follow-up (answer the desk's e-mail instead)", "добавить сообщение (ответьте на письмо техподдержки)"),
        "ost_messages": ("read the desk's answers (they come by e-mail)", "прочитать ответы техподдержки (они приходят по почте)"),
        "ost_topic": (
            "helpdesk_queue for osTicket is the help topic's numeric id, not '{value}': ticket config set helpdesk_queue 1",
            "helpdesk_queue для osTicket — числовой id темы обращения, а не «{value}»: ticket config set helpdesk_queue 1",
        ),
    }
)


class OsTicketBackend(HelpdeskBackend):
    name = "osticket"
    title = "osTicket"
    example_url = "https://support.example.ru"

    def check_settings(self) -> None:
        topic = self.profile.get("helpdesk_queue")
        if topic and not topic.isdigit():
            raise PermanentError(t("ost_topic", value=topic), kind="config")

    def auth_headers(self, secret: str) -> dict[str, str]:
        return {"X-API-Key": secret} if secret else {}

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        self.check_sizes(out.attachments)
        doc: dict[str, Any] = {
            "alert": True,
            "autorespond": True,
            "source": "API",
            "name": requester_name(tk),
            "email": self.profile.get("contact_email") or tk.contact_email,
            "subject": subject_of(tk),
            "message": "data:text/html;charset=utf-8," + render_html(tk),
        }
        topic = self.profile.get("helpdesk_queue")
        if topic:
            doc["topicId"] = int(topic)
        if out.attachments:
            doc["attachments"] = [{a.name: f"data:{mime_type(a.name)};base64,{b64_file(a)}"} for a in out.attachments]
        response = self.call("POST", "/api/tickets.json", json=doc)
        number = response.text.strip()
        if response.status_code != 201 or not number or len(number) > 64 or not number.replace("-", "").isalnum():
            raise self.bad_answer(response)
        return self.receipt(number, number, self.status_page(), "open")

    def status_page(self) -> str:
        return f"{self.web}/view.php"

    def _create_only(self, receipt: Receipt, what: str) -> PermanentError:
        return PermanentError(t("ost_create_only", what=t(what), number=receipt.number or receipt.id, url=receipt.url or self.status_page()), kind="unsupported")

    def status(self, receipt: Receipt) -> str:
        raise self._create_only(receipt, "ost_status")

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        raise self._create_only(receipt, "ost_reply")

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        raise self._create_only(receipt, "ost_messages")
