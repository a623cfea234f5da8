"""``ticket types`` and ``ticket schema``: the problem types, their questions, and the JSON
Schema of ticket documents."""

import typer

from .base import group

app = group(help="Problem types and their questions.", invoke_without_command=True)


@app.callback()
def list_types(ctx: typer.Context, json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List problem types."""
    if ctx.invoked_subcommand is not None:
        return
    from ..i18n import pick, t
    from ..problems import TYPES
    from . import output

    if json_output:
        output.json_out([{"name": p.name, "title": dict(p.title), "fields": p.field_keys()} for p in TYPES.values()])
        return
    output.table([t("col_name"), t("col_title"), t("col_fields")], [(p.name, pick(p.title), ", ".join(p.field_keys()) or "—") for p in TYPES.values()])


@app.command("show")
def show(type_name: str = typer.Argument(..., metavar="TYPE"), json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the questions a problem type asks, with their field keys for --field."""
    from ..i18n import pick, t
    from ..problems import get_type
    from . import output

    ptype = get_type(type_name)
    if json_output:
        output.json_out(
            {
                "name": ptype.name,
                "title": dict(ptype.title),
                "rules": list(ptype.rules),
                "confidential": ptype.confidential,
                "questions": [
                    {
                        "key": q.key,
                        "prompt": dict(q.prompt),
                        "kind": q.kind,
                        "required": q.required,
                        "choices": [c.value for c in q.choices],
                        "other_allowed": q.allow_other,
                        "when": {"field": q.when[0], "values": list(q.when[1])} if q.when else None,
                    }
                    for q in ptype.questions
                ],
            }
        )
        return
    if not ptype.questions:
        output.plain(t("type_no_questions", type=f"{ptype.name} ({pick(ptype.title)})"))
        return
    rows = []
    for q in ptype.questions:
        kind = q.kind
        if q.choices:
            kind = " | ".join(c.value for c in q.choices) + (" | …" if q.allow_other else "")
        rows.append((q.key, pick(q.prompt), kind, t("required_mark") if q.required else t("optional_mark")))
    output.table([t("col_key"), t("col_question"), t("col_kind"), t("col_required")], rows, title=f"{ptype.name}: {pick(ptype.title)}")


def schema() -> None:
    """Print the JSON Schema of ticket documents (for --from-file)."""
    from ..model import ticket_schema
    from . import output

    output.json_out(ticket_schema())
