"""Benchmark: our parse_message against the standard library on the real-world email corpus.

The baseline is what a plain implementation would do: ``email.message_from_bytes`` with
``policy.default``, then ``get_body()`` and its ``get_content()`` (the text we also decode).
Run with ``python -m scripts.bench_mail`` from the project root.
"""

from __future__ import annotations

import email
import email.policy
import json
import time
from collections.abc import Callable
from pathlib import Path

from chalicelib.mail.parse import parse_message

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "emails"
DEFAULT_ROUNDS = 20


def _stdlib_parse(raw: bytes) -> None:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        body = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        if body is not None:
            body.get_content()
    except Exception:  # the baseline raises on several corpus files; we only time it
        pass


def _time_rounds(parse: Callable[[bytes], object], messages: list[bytes], rounds: int) -> float:
    """Seconds to parse every message ``rounds`` times."""
    started = time.perf_counter()
    for _ in range(rounds):
        for raw in messages:
            parse(raw)
    return time.perf_counter() - started


def _stdlib_failures(messages: list[bytes]) -> int:
    failures = 0
    for raw in messages:
        try:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            body = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
            if body is not None:
                body.get_content()
        except Exception:
            failures += 1
    return failures


def bench_parse(rounds: int = DEFAULT_ROUNDS, corpus: Path = CORPUS) -> dict[str, float | int]:
    """Time both parsers over every corpus .eml; ratio > 1 means parse_message is slower."""
    messages = [path.read_bytes() for path in sorted(corpus.rglob("*.eml"))]
    if not messages:
        raise FileNotFoundError(f"no .eml files under {corpus}")
    ours = _time_rounds(parse_message, messages, rounds)
    stdlib = _time_rounds(_stdlib_parse, messages, rounds)
    return {
        "messages": len(messages),
        "bytes": sum(len(raw) for raw in messages),
        "rounds": rounds,
        "parse_message_seconds": ours,
        "stdlib_default_seconds": stdlib,
        "parse_message_ms_per_message": 1000 * ours / (rounds * len(messages)),
        "stdlib_default_ms_per_message": 1000 * stdlib / (rounds * len(messages)),
        "ratio": ours / stdlib,
        "stdlib_failures": _stdlib_failures(messages),
    }


if __name__ == "__main__":
    print(json.dumps(bench_parse(), indent=2))
