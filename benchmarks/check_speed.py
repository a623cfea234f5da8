"""Throughput of ``ticketcli.rules.check`` in one process.

    python benchmarks/check_speed.py [--quick] [--n N] [--corpus PATH]

Measures the import of ``ticketcli.rules`` (in a fresh interpreter), the first call
(which compiles the regular expressions and loads the stemmers), then ``check()`` over N
inputs (default 1,000): the corpus texts cycled, plus synthetic tickets varied from
templates. Prints inputs per second; the goal is at least 1,000.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpus/tickets.jsonl"
GOAL = 1000

_SYNTH = [
    ("site-access", "Сайт {dom} не открывается в {browser}, пишет «{err}». Провайдер {isp}. Договор № {num}."),
    ("site-access", "Hi, {dom} shows {code} since this morning in {browser}. Can you restart the server?"),
    ("mail", "Не уходят письма из {client} с ящика info@{dom}, ошибка {code}. Раньше всё работало."),
    ("mail", "My {client} can't receive mail for sales@{dom}: \"{err}\". It is the first setup."),
    ("other", "Можете ли вы продлить домен {dom} на год? Пароль от панели Qwerty{num}!"),
    ("other", "ПОЧЕМУ НИЧЕГО НЕ РАБОТАЕТ?! contract {num}, card 4111 1111 1111 1111"),
    (None, "у меня не работает почта. что делать?"),
    (None, "Could you please check the DNS records for {dom}? Also I want to change my plan."),
]
_FILL = {
    "dom": ["пример.рф", "example.org", "shop-test.ru", "xn--e1afmkfd.xn--p1ai", "my-site.com"],
    "browser": ["Chrome", "Firefox", "Safari", "Опере", "яндекс браузере"],
    "err": ["502 Bad Gateway", "ERR_CONNECTION_REFUSED", "Не удаётся получить доступ к сайту"],
    "isp": ["Билайн", "МегаФон", "Ростелеком", "Vodafone", "Comcast"],
    "code": ["error 503", "ошибка 0x800CCC0E", "код 5"],
    "client": ["Outlook", "Thunderbird", "The Bat!", "Apple Mail"],
    "num": ["12-345", "4711", "AB-77", "2024/118"],
}


def synthetic(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        type_, tpl = rnd.choice(_SYNTH)
        text = tpl.format(**{k: rnd.choice(v) for k, v in _FILL.items()})
        out.append({"text": text, "type": type_})
    return out


def load_corpus(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except (OSError, ValueError):
        return []


def import_cost() -> float:
    code = "import time; t=time.perf_counter(); import ticketcli.rules; print(time.perf_counter()-t)"
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(res.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a short smoke run (100 inputs)")
    ap.add_argument("--n", type=int, default=1000, help="number of inputs (default %(default)s)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args(argv)
    n = 100 if args.quick else args.n

    imp = min(import_cost() for _ in range(1 if args.quick else 3))
    sys.path.insert(0, str(ROOT))
    from ticketcli.rules import check  # noqa: PLC0415

    corpus = load_corpus(args.corpus)
    synth = synthetic(max(n // 2, 1))
    inputs = []
    i = 0
    while len(inputs) < n:
        if corpus and i % 2 == 0:
            inputs.append(corpus[(i // 2) % len(corpus)])
        else:
            inputs.append(synth[(i // 2) % len(synth)])
        i += 1

    t0 = time.perf_counter()
    check("warm-up: сайт не работает")
    first = time.perf_counter() - t0

    t0 = time.perf_counter()
    for item in inputs:
        kw = {"type": item.get("type")}
        if "subject" in item:
            kw["subject"] = item["subject"]
        check(item["text"], **kw)
    dt = time.perf_counter() - t0
    rate = n / dt
    print(f"import ticketcli.rules: {imp * 1000:.1f} ms (fresh interpreter)")
    print(f"first check() (compiles regexes, loads stemmers): {first * 1000:.1f} ms")
    print(f"{n} inputs in {dt:.3f} s: {rate:,.0f} inputs/second (goal ≥ {GOAL:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
