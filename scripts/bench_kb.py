"""Knowledge-base search speed in one warm container, at 100 and 1,000 published articles.

    .venv/bin/python -m scripts.bench_kb

For each size: the index build (in the container, from the published articles), search latency
p50/p99 over the evaluation set's queries plus customer-sized questions, suggestion latency for
whole tickets (what an acknowledgement pays), and a baseline measured in the same run on the
same articles: the plain scan anyone would write first (every article's folded text checked for
every query word, matches counted). Also the search quality on the evaluation set, and, at 1,000
articles, rebuilding the catalogue from DynamoDB (moto) as a cold container does.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from chalicelib.adapters.memory import (  # noqa: E402
    MemoryBlobs,
    MemoryEventBus,
    MemoryMailer,
    MemoryStore,
    MemoryWorkflows,
)
from chalicelib.config import Settings  # noqa: E402
from chalicelib.domain.access import Caller  # noqa: E402
from chalicelib.domain.kb_markdown import to_text  # noqa: E402
from chalicelib.domain.kb_text import fold  # noqa: E402
from chalicelib.services import kb, kb_search  # noqa: E402
from chalicelib.services.context import Desk  # noqa: E402
from chalicelib.services.kb_schemas import ImportRequest, NewArticle  # noqa: E402
from scripts import kb_corpus, kb_eval, kb_files  # noqa: E402

ADMIN = Caller(role="admin", key_id="bench", label="bench")
REALISTIC = ROOT / "tests" / "unit" / "triage_realistic.jsonl"


def _desk(store: Any) -> Desk:
    return Desk(settings=Settings(), store=store, mailer=MemoryMailer(), workflows=MemoryWorkflows(),
                bus=MemoryEventBus(), blobs=MemoryBlobs())


def _fill(desk: Desk, size: int) -> None:
    samples = [f.request() for f in kb_files.read_folder(kb_eval.SAMPLES)]
    kb.import_articles(desk, ImportRequest.model_validate({"articles": samples}), ADMIN)
    for request in kb_corpus.synthetic(max(0, size - len(samples))):
        kb.create(desk, NewArticle.model_validate(request), ADMIN)


def _queries() -> list[tuple[str, str]]:
    evaluation = [json.loads(line) for line in (ROOT / "tests/data/kb_eval.jsonl").read_text().splitlines() if line]
    asked = [(case["q"], case["lang"]) for case in evaluation]
    tickets = [json.loads(line) for line in REALISTIC.read_text(encoding="utf-8").splitlines() if line]
    asked += [(t["subject"] or t["body"][:80], "en") for t in tickets[:40]]
    return asked


def _tickets() -> list[str]:
    tickets = [json.loads(line) for line in REALISTIC.read_text(encoding="utf-8").splitlines() if line]
    return [f"{t['subject']}\n{t['body']}" for t in tickets]


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {"p50_ms": round(statistics.median(ordered), 3),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 3),
            "max_ms": round(ordered[-1], 3)}


def _timed(run: Any, inputs: list[Any], rounds: int) -> list[float]:
    durations = []
    for n in range(rounds):
        item = inputs[n % len(inputs)]
        started = time.perf_counter()
        run(item)
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def _naive_scan(documents: list[tuple[str, str, str]]) -> Any:
    """The first search anyone writes: fold, then count the query words each article contains."""
    def search(item: tuple[str, str]) -> list[str]:
        query, language = item
        words = fold(query).split()
        scored = [(sum(w in text for w in words), doc_id) for doc_id, lang, text in documents if lang == language]
        return [doc_id for score, doc_id in sorted(scored, reverse=True)[:10] if score]
    return search


def measure(size: int, rounds: int = 3000) -> dict[str, Any]:
    desk = _desk(MemoryStore())
    _fill(desk, size)
    kb_search.invalidate(desk)
    started = time.perf_counter()
    catalogue = kb_search.catalogue(desk)
    first_build = time.perf_counter() - started
    builds = [kb_search.build(list(catalogue.articles.values()))[1] for _ in range(3)]
    queries = _queries()
    for item in queries:  # warm: stems cached, as after a container's first requests
        kb_search.search(desk, *item)
    ours = _timed(lambda item: kb_search.search(desk, item[0], item[1]), queries, rounds)
    documents = [(a.id, a.language, fold(f"{a.title} {' '.join(a.tags)} {to_text(a.body)}"))
                 for a in catalogue.articles.values()]
    baseline = _timed(_naive_scan(documents), queries, rounds)
    tickets = _tickets()
    suggest = _timed(lambda text: kb_search.suggest(desk, text, "en", None), tickets, min(rounds, 1000))
    ours_p, base_p = _percentiles(ours), _percentiles(baseline)
    # The shared machine preempts now and then: the slowest query at its best says what search costs.
    slowest = max(min(_timed(lambda item: kb_search.search(desk, item[0], item[1]), [item], 5)) for item in queries)
    return {
        "articles": len(catalogue.articles),
        "index_build_s": round(statistics.median(builds), 3),
        "first_catalogue_s": round(first_build, 3),
        "search": ours_p,
        "baseline_naive_scan": base_p,
        "search_p99_vs_baseline": round(ours_p["p99_ms"] / base_p["p99_ms"], 2),
        "slowest_query_best_of_5_ms": round(slowest, 3),
        "suggest_for_ticket": _percentiles(suggest),
        "p99_within_50ms": ours_p["p99_ms"] <= 50,
    }


def rebuild_from_dynamodb(size: int = 1000) -> dict[str, Any]:
    """A cold container: the catalogue read from the table (moto) and indexed."""
    import boto3

    from chalicelib.adapters.repository import DynamoStore
    from devstack import emulator, provision

    server = emulator.Emulator().start()
    try:
        name = "bench-kb"
        boto3.client("dynamodb", region_name="us-east-1").create_table(**provision.table_definition(name))
        desk = _desk(DynamoStore(name))
        _fill(desk, size)
        timings = []
        for _ in range(3):
            kb_search.invalidate(desk)
            started = time.perf_counter()
            kb_search.catalogue(desk)
            timings.append(time.perf_counter() - started)
        return {"articles": size, "rebuild_s": round(statistics.median(timings), 3)}
    finally:
        server.stop()


def bench_kb() -> dict[str, Any]:
    figures: dict[str, Any] = {f"at_{size}": measure(size) for size in (100, 1000)}
    samples = kb_eval.sample_documents()
    from chalicelib.domain.kb_search import SearchIndex

    figures["quality"] = {
        "samples_only": kb_eval.evaluate(SearchIndex(samples)),
        "with_1000_synthetic": kb_eval.evaluate(SearchIndex(samples + kb_corpus.documents(kb_corpus.synthetic(1000)))),
    }
    try:
        figures["cold_container"] = rebuild_from_dynamodb()
    except Exception as error:  # the emulator is optional for the in-container figures
        figures["cold_container"] = {"error": repr(error)}
    return figures


if __name__ == "__main__":
    print(json.dumps(bench_kb(), indent=2))
