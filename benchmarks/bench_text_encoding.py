"""Deciding a large text's encoding, against a plain decode of the same bytes, in the same run.

A text that is not UTF-8 is first offered to the reading of a UTF-8 text with a few stray
bytes (``mostly_utf8``), which must refuse it before the code page is decided
(``_code_page``). Generates 15 MB statements (``--megabytes``): in Windows-1252 with an
accent every few lines, and in every line (the refusal's cost grows with the stray bytes
it finds); in UTF-8 with a stray Windows-1252 byte every thousand lines (the reading it
is for, which must not pay for the refusal's speed); in Windows-1250 with Czech words in
every line, and in Windows-1251 all Russian (the code pages their letters show, read in
them: ``code_page_letters``). Times ``mostly_utf8`` alone and the whole ``decode_text``,
next to ``data.decode('cp1252')`` (and, for the UTF-8 text,
``data.decode('utf-8', 'surrogateescape')``, for the others a decode in their code
page). With ``--before REV`` the module of that git revision is loaded too and timed
alternately in the same run, and the run fails if its answers differ from this tree's,
but for the Windows-1250 and -1251 texts where the revision read them as Windows-1252
(it predates their detection): that is said. Each figure is the best of ``--repeat``
runs.

    python benchmarks/bench_text_encoding.py [--megabytes 15] [--repeat 5] [--before REV]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import random
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.statements import encoding  # noqa: E402

WESTERN = ["Müller", "Straße", "Café", "Société", "Générale", "Prélèvement", "Échéance"]
PLAIN = ["Payment", "Invoice", "Rent", "Salary", "Transfer", "Supplier", "Ltd", "GmbH"]
CZECH = ["Převod", "Příchozí", "Výběr", "Zůstatek", "účtu", "Částka", "Dvořák", "Měna"]
RUSSIAN = ["Перевод", "Оплата", "Комиссия", "обслуживание", "счёта", "Зачисление", "платы"]


def statement(
    megabytes: int,
    accented_every: int,
    seed: int,
    accented: list[str] = WESTERN,
    plain: list[str] = PLAIN,
) -> str:
    """A semicolon-separated statement of about ``megabytes`` MB, one line in
    ``accented_every`` with ``accented`` words (every line with several, where 1)."""
    generator = random.Random(seed)
    lines = ["Date;Description;Amount"]
    size = 0
    while size < megabytes * 1_000_000:
        count = len(lines)
        words = [generator.choice(plain) for _ in range(4)]
        if count % accented_every == 0:
            words[1::2] = [generator.choice(accented) for _ in words[1::2]]
        line = f"{count % 28 + 1:02d}.03.2025;{' '.join(words)} {count};-{count % 9973},{count % 100:02d}"
        lines.append(line)
        size += len(line) + 2
    return "\r\n".join(lines) + "\r\n"


def files(megabytes: int) -> dict[str, bytes]:
    strays = statement(megabytes, 7, 2).encode().split(b"\r\n")
    strays[1::1000] = [line + b" M\xfcller" for line in strays[1::1000]]
    return {
        "cp1252, accents every 7th line": statement(megabytes, 7, 1).encode("cp1252"),
        "cp1252, accents in every line": statement(megabytes, 1, 1).encode("cp1252"),
        "utf-8, a stray per 1000 lines": b"\r\n".join(strays),
        "cp1250, Czech words in every line": statement(megabytes, 1, 3, CZECH).encode("cp1250"),
        "cp1251, Russian throughout": statement(megabytes, 1, 4, RUSSIAN, RUSSIAN).encode("cp1251"),
    }


# The texts a revision before the letters' detection reads as Windows-1252, not in these.
NEWLY_READ = {"cp1250, Czech words in every line": "cp1250", "cp1251, Russian throughout": "cp1251"}


def loaded(revision: str) -> ModuleType:
    """``desktop_app/statements/encoding.py`` as it was at ``revision`` (it imports only
    the standard library), as a module of its own."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:desktop_app/statements/encoding.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader("encoding_before", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:encoding.py", "exec"), module.__dict__)
    return module


def first_error(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    raise ValueError("the text is valid UTF-8")


def timed(action: Callable[[], object]) -> tuple[float, float, object]:
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", help="a git revision to time in the same run")
    args = parser.parse_args()
    modules = {"after": encoding}
    if args.before:
        modules = {f"before ({args.before})": loaded(args.before), **modules}
    differing = []
    print(f"best of {args.repeat}; {'wall':>8s} {'cpu':>8s}")
    for name, data in files(args.megabytes).items():
        first = first_error(data)
        actions: dict[str, Callable[[], object]] = {
            "data.decode('cp1252')": partial(data.decode, "cp1252"),
        }
        if name.startswith("utf-8"):
            actions["data.decode('utf-8', 'surrogateescape')"] = partial(
                data.decode, "utf-8", "surrogateescape"
            )
        if name in NEWLY_READ:
            actions[f"data.decode('{NEWLY_READ[name]}')"] = partial(data.decode, NEWLY_READ[name])
        for label, module in modules.items():
            # Called ``_mostly_utf8`` before the bank formats read it too.
            mostly = getattr(module, "mostly_utf8", None) or module._mostly_utf8
            actions[f"{label}: mostly_utf8"] = partial(mostly, data, first)
            actions[f"{label}: decode_text"] = partial(module.decode_text, data)
        best: dict[str, tuple[float, float]] = {}
        answers: dict[str, str] = {}
        encoded: dict[str, Any] = {}
        for _ in range(args.repeat):  # alternating, so that noise hits each alike
            for label, action in actions.items():
                wall, cpu, result = timed(action)
                old = best.get(label, (float("inf"), float("inf")))
                best[label] = (min(old[0], wall), min(old[1], cpu))
                answers[label] = repr(result)
                if label.endswith("decode_text"):
                    encoded[label] = result
                del result
        high = len(data.translate(None, bytes(range(128))))
        print(f"{name} ({len(data) / 1e6:.1f} MB, {high:,} bytes beyond ASCII)")
        baseline = best["data.decode('cp1252')"][1]
        for label, (wall, cpu) in best.items():
            print(f"  {label:42s} {wall:7.3f}s {cpu:7.3f}s  {cpu / baseline:6.1f}x cp1252")
        for kind in ("mostly_utf8", "decode_text"):
            if len({answer for label, answer in answers.items() if label.endswith(kind)}) > 1:
                if name in NEWLY_READ and kind == "decode_text":
                    encodings = {label: decoded.encoding for label, decoded in encoded.items()}
                    print(f"  read differently (as expected before the detection): {encodings}")
                else:
                    differing.append(f"{name}: {kind}")
    if differing:
        sys.exit(f"the answers differ between the trees: {', '.join(differing)}")
    if args.before:
        print(
            "every other answer identical in both trees (text, encoding, evidence, strays, doubt)"
        )


if __name__ == "__main__":
    main()
