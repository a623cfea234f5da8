"""The benchmark runner keeps working: ``benchmarks/run.py --quick`` exits 0 and prints its table.

No timing is asserted here (timings belong to the benchmark's table, not to a pass/fail test).
The smoke run measures the tools installed next to the tests' interpreter (``--env current``: no
virtualenvs to build, no package index). The AWS CLI + moto anchor is measured when installed and
reported as "not installed" otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.skipif(shutil.which("ticket") is None and not (REPO / "ticketcli").exists(), reason="ticketcli not installed")
def test_quick_benchmark_run_prints_the_table(tmp_path):
    out_json = tmp_path / "figures.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", "--env", "current", "--json", str(out_json)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    from_header = proc.stdout.split("measure", 1)
    assert len(from_header) == 2 and "median" in from_header[1].splitlines()[0], proc.stdout
    for name in ("python -c pass", "ticket --help", "ticket --version", "wizard: first question", "floor: questionary asking one select", "floor: Typer + httpx POST", "floor: a one-command Typer app", "ratio: ticket --help / Typer floor", "ticket send --all", "peak RSS", "ticket check", "aws support create-case"):
        assert name in proc.stdout, name
    import json

    rows = json.loads(out_json.read_text(encoding="utf-8"))
    assert {r["name"] for r in rows} >= {"ticket --help", "ticket new --help", "ticket --version"}
