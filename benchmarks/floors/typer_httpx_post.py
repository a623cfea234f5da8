"""Floor for a scripted ``ticket new`` delivered to the API: one Typer command that builds an
``httpx.Client`` and POSTs one JSON ticket to the same local server.

    python typer_httpx_post.py http://127.0.0.1:PORT TOKEN "description"
"""

import uuid

import httpx
import typer


def new(url: str, token: str, description: str) -> None:
    key = str(uuid.uuid4())
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        doc = {"uuid": key, "type": "other", "lang": "en", "subject": "Backup", "text": description}
        response = client.post("/tickets", json=doc, headers={"Idempotency-Key": key})
        response.raise_for_status()
        typer.echo(response.json()["id"])


if __name__ == "__main__":
    typer.run(new)
