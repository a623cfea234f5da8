"""Floor for ``ticket --help``: a one-command Typer app printing its help (run with --help)."""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def new(description: str = typer.Option("", "--description", help="The description.")) -> None:
    """Compose a ticket."""


@app.callback()
def main() -> None:
    """A one-command Typer app."""


if __name__ == "__main__":
    app()
