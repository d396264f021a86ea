"""The answer cache's table: least recently used out first, bounded in bytes, only complete in-memory answers of
queries whose value does not change between evaluations."""

from __future__ import annotations

import gc

import pytest

from jkg.server.answers import AnswerCache
from jkg.server.worker import Answer, Job


def job(n: int, query: str = "ASK {{ }} # {n}") -> Job:
    return Job(query.format(n=n), "json", 10)


def test_the_table_keeps_the_most_recently_used_within_its_budget() -> None:
    cache = AnswerCache(16 * 120)  # each entry at most 120 bytes: about 17 of these
    for n in range(40):
        cache.put(job(n), Answer(200, b"x" * 100))
    assert cache.size <= cache.budget and 10 <= len(cache) < 40
    assert cache.get(job(0)) is None and cache.get(job(39)) is not None
    oldest = 40 - len(cache)
    assert cache.get(job(oldest)) is not None  # the oldest one left becomes the newest …
    cache.put(job(99), Answer(200, b"x" * 100))
    assert cache.get(job(oldest)) is not None and cache.get(job(oldest + 1)) is None  # … so the next one went
    kept = [n for n in (*range(40), 99) if cache.get(job(n)) is not None]
    assert cache.stats()["bytes"] == cache.size == sum(len(job(n).query) + 100 for n in kept)


def test_a_kept_answer_is_the_answer_put_and_a_new_one_each_time() -> None:
    cache = AnswerCache(1 << 20)
    put = Answer(200, b'{"boolean": true}', rows=1, headers={"Content-Type": "application/json"}, size=17, code="")
    cache.put(job(1), put)
    first, second = cache.get(job(1)), cache.get(job(1))
    assert first == put and second == put and first is not second
    assert first is not None and second is not None
    first.headers["JKG-Answer-Cache"] = "hit"  # what a hit adds to the answer it sends
    assert second.headers == {"Content-Type": "application/json"} and cache.get(job(1)) == put


def test_kept_answers_add_nothing_for_the_collector_to_walk() -> None:
    """A server keeps tens of thousands of small answers; kept as objects, every full collection walked them
    all on the event loop (30–120 ms pauses at 40,000). Kept as tuples of strings and numbers, the collector
    stops tracking them."""
    cache = AnswerCache(64 << 20)
    gc.collect()
    before = len(gc.get_objects())
    for n in range(5_000):
        cache.put(job(n), Answer(200, b"{}", rows=1, headers={"Content-Type": "application/json"}, size=2))
    gc.collect()
    gc.collect()
    assert len(cache) == 5_000 and len(gc.get_objects()) - before < 500


@pytest.mark.parametrize(
    ("answer", "query"),
    [
        (Answer(200, b"x" * 200), "ASK {{ }} # {n}"),  # larger than a sixteenth of the table
        (Answer(400, b""), "ASK {{ }} # {n}"),  # an error
        (Answer(200, b"", spool="/tmp/x"), "ASK {{ }} # {n}"),  # on a file
        (Answer(200, b"{}"), "SELECT (RAND() AS ?r) {{}} # {n}"),
        (Answer(200, b"{}"), "SELECT (now\n() AS ?r) {{}} # {n}"),
        (Answer(200, b"{}"), "SELECT (UUID() AS ?r) {{}} # {n}"),
        (Answer(200, b"{}"), "SELECT (STRUUID() AS ?r) {{}} # {n}"),
    ],
)
def test_not_kept(answer: Answer, query: str) -> None:
    cache = AnswerCache(16 * 120)
    cache.put(job(1, query), answer)
    assert cache.get(job(1, query)) is None and len(cache) == 0


def test_kept_despite_a_look_alike_name() -> None:
    cache = AnswerCache(1 << 20)
    query = "SELECT ?brand WHERE {{ ?x <http://e/nowhere> ?brand }} # {n}"  # "now", "rand" inside words
    cache.put(job(1, query), Answer(200, b"{}"))
    assert cache.get(job(1, query)) is not None


def test_a_budget_of_zero_keeps_nothing() -> None:
    cache = AnswerCache(0)
    cache.put(job(1), Answer(200, b"{}"))
    assert cache.get(job(1)) is None and cache.stats()["misses"] == 0
