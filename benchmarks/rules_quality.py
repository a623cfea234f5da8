"""Precision and recall of the rule engine on the labelled ticket corpora.

    python benchmarks/rules_quality.py [--corpus PATH ...] [--json] [--no-misses]

Runs ``ticketcli.rules.check`` over every item (with its ``type``, and its ``subject``
when the key is present), compares the rules that fired (severity error or warning;
``screenshot`` and ``written-channel`` are left out, the corpus never labels them) with
the item's ``labels``, and prints precision and recall per rule for each corpus, then
every miss, and an overall line over all of them.

Without ``--corpus`` it reads every corpus present: the shared development corpus and the
real reports (``../shared/corpus/``, beside the checkout), and the repository's own fresh
and real-like tickets (``tests/data/``). Exit status 0, or 2 when a corpus cannot be read
(or none is present).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ticketcli.rules import RULES, check  # noqa: E402

SHARED = ROOT.parent / "shared/corpus"
DEFAULT_CORPUS = SHARED / "tickets.jsonl"
#: Every corpus read by default, when present (the shared ones live outside the repository).
CORPORA = (
    DEFAULT_CORPUS,
    SHARED / "real-reports.jsonl",
    ROOT / "tests/data/fresh_tickets.jsonl",
    ROOT / "tests/data/real_like_tickets.jsonl",
)
UNLABELLED = frozenset({"screenshot", "written-channel"})
LABELLED_RULES = [r for r in RULES if r not in UNLABELLED]


def load(path: Path) -> list[dict]:
    items = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: {exc}") from exc
    return items


def fired(item: dict) -> set[str]:
    kw = {"type": item.get("type")}
    if "subject" in item:
        kw["subject"] = item["subject"]
    report = check(item["text"], **kw)
    return {f.rule for f in report.findings if f.severity != "info" and f.rule not in UNLABELLED}


def evaluate(items: list[dict]) -> dict:
    stats = {r: {"tp": 0, "fp": 0, "fn": 0} for r in LABELLED_RULES}
    misses = []
    for item in items:
        got = fired(item)
        want = set(item.get("labels", [])) - UNLABELLED
        for r in LABELLED_RULES:
            if r in got and r in want:
                stats[r]["tp"] += 1
            elif r in got:
                stats[r]["fp"] += 1
                misses.append({"id": item.get("id"), "rule": r, "kind": "FP", "excerpt": _excerpt(item["text"])})
            elif r in want:
                stats[r]["fn"] += 1
                misses.append({"id": item.get("id"), "rule": r, "kind": "FN", "excerpt": _excerpt(item["text"])})
    per_rule = {}
    for r, s in stats.items():
        per_rule[r] = {**s, "precision": _ratio(s["tp"], s["tp"] + s["fp"]),
                       "recall": _ratio(s["tp"], s["tp"] + s["fn"])}
    tp = sum(s["tp"] for s in stats.values())
    fp = sum(s["fp"] for s in stats.values())
    fn = sum(s["fn"] for s in stats.values())
    overall = {"tp": tp, "fp": fp, "fn": fn, "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn)}
    return {"items": len(items), "rules": per_rule, "overall": overall, "misses": misses}


def _ratio(a: int, b: int) -> float:
    return 1.0 if b == 0 else a / b


def _excerpt(text: str, n: int = 70) -> str:
    s = " ".join(text.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _table(res: dict) -> list[str]:
    lines = [f"{'rule':16} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}"]
    for r, s in res["rules"].items():
        lines.append(f"{r:16} {s['tp']:4} {s['fp']:4} {s['fn']:4} {s['precision']:10.3f} {s['recall']:8.3f}")
    o = res["overall"]
    lines.append(f"{'overall':16} {o['tp']:4} {o['fp']:4} {o['fn']:4} {o['precision']:10.3f} {o['recall']:8.3f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, action="append",
                    help="a JSONL corpus; may be repeated (default: every corpus present)")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--no-misses", action="store_true", help="leave out the list of misses")
    args = ap.parse_args(argv)
    paths = args.corpus or [p for p in CORPORA if p.is_file()]
    if not paths:
        print("cannot read a corpus: none of the default corpora is present", file=sys.stderr)
        return 2
    results = {}
    every: list[dict] = []
    for path in paths:
        try:
            items = load(path)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            print(f"cannot read the corpus: {exc}", file=sys.stderr)
            return 2
        results[str(path)] = evaluate(items)
        every += items
    total = evaluate(every) if len(paths) > 1 else next(iter(results.values()))
    if args.json:
        out = next(iter(results.values())) if len(paths) == 1 else {"corpora": results, "all": total}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for path, res in results.items():
        print(f"{res['items']} tickets from {path}")
        print("\n".join(_table(res)))
        if args.no_misses:
            print()
            continue
        if res["misses"]:
            print(f"\nmisses ({len(res['misses'])}):")
            for m in res["misses"]:
                print(f"  {m['id']:8} {m['rule']:15} {m['kind']}  {m['excerpt']}")
        else:
            print("\nno misses")
        print()
    if len(paths) > 1:
        o = total["overall"]
        print(f"all {total['items']} tickets of {len(paths)} corpora: precision {o['precision']:.3f}, "
              f"recall {o['recall']:.3f} (tp {o['tp']}, fp {o['fp']}, fn {o['fn']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
