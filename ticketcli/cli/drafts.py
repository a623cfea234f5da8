"""``ticket drafts``: the answers saved as you go, listed, shown, resumed, removed."""

import typer

from .base import group

app = group(help="Saved drafts: list, show, edit, remove.", no_args_is_help=True)


@app.command("list")
def list_drafts(json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List saved drafts, newest first."""
    from ..i18n import t
    from ..store.drafts import DraftStore
    from . import output

    items = DraftStore().list()
    if json_output:
        from ..message import propose_subject

        output.json_out([{"id": u, "type": tk.type if tk else None, "subject": (tk.subject or propose_subject(tk)) if tk else None,
                          "subject_proposed": bool(tk and not tk.subject), "updated": tk.updated if tk else None,
                          "damaged": tk is None} for u, tk in items])
        return
    if not items:
        output.info_line(t("no_drafts"))
        return
    from ..message import propose_subject

    # an interrupted draft has no subject yet: the one that would be proposed now stands in
    output.table(
        [t("col_id"), t("col_type"), t("col_subject"), t("col_updated")],
        [(u[:8], tk.type if tk else "?", (tk.subject or propose_subject(tk)) if tk else "(damaged)",
          output.local_time(tk.updated) if tk else "") for u, tk in items],
        no_wrap=(0, 3),
    )


@app.command("show")
def show(draft_id: str, json_output: bool = typer.Option(False, "--json", help="Print the draft's JSON.")) -> None:
    """Show a draft as the desk would read it."""
    from ..i18n import t
    from ..message import propose_subject, render_text
    from ..store.drafts import DraftStore
    from . import output

    ticket = DraftStore().load(draft_id)
    if json_output:
        output.json_out(ticket.to_dict())
        return
    output.ticket_preview(ticket.subject or propose_subject(ticket), render_text(ticket), f"{t('preview_title')} · {ticket.short_id}")


@app.command("edit")
def edit(ctx: typer.Context, draft_id: str) -> None:
    """Open a draft in the wizard to change answers (same as 'ticket resume')."""
    from .new import resume

    resume(ctx, draft_id)


@app.command("rm")
def rm(draft_ids: list[str] = typer.Argument(..., help="Draft ids to remove.")) -> None:
    """Remove drafts."""
    from ..i18n import t
    from ..store.drafts import DraftStore
    from . import output

    store = DraftStore()
    for draft_id in draft_ids:
        removed = store.remove(draft_id)
        output.ok_line(t("removed", id=removed[:8]))
