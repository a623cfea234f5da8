"""The benchmark floor: precision and recall ≥ 0.95 for every rule on the dev corpus."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/corpus/tickets.jsonl"
FLOOR = 0.95

sys.path.insert(0, str(ROOT / "benchmarks"))
rules_quality = pytest.importorskip("rules_quality")

pytestmark = pytest.mark.skipif(not CORPUS.is_file(), reason="the shared corpus is not present")


@pytest.fixture(scope="module")
def result():
    return rules_quality.evaluate(rules_quality.load(CORPUS))


@pytest.mark.parametrize("rule", rules_quality.LABELLED_RULES)
def test_rule_meets_floor(result, rule):
    s = result["rules"][rule]
    assert s["precision"] >= FLOOR, (rule, s, [m for m in result["misses"] if m["rule"] == rule])
    assert s["recall"] >= FLOOR, (rule, s, [m for m in result["misses"] if m["rule"] == rule])


def test_overall(result):
    assert result["overall"]["precision"] >= FLOOR
    assert result["overall"]["recall"] >= FLOOR


def test_benchmark_cli(tmp_path, capsys):
    assert rules_quality.main(["--corpus", str(tmp_path / "missing.jsonl")]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert rules_quality.main(["--corpus", str(bad)]) == 2
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "t1", "type": "mail", "text": "my mail does not work", '
                   '"labels": ["identify", "vague", "mail-client", "mail-direction", "mail-history"]}\n',
                   encoding="utf-8")
    capsys.readouterr()
    assert rules_quality.main(["--corpus", str(one), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"precision": 1.0' in out
