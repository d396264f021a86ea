"""Repeated identical GETs are answered from the build's answer cache, through a real `jkg serve`: the same bytes,
headers and conditional answers as a fresh one, in the format each request asks for; anything that makes another
job (format, query text, graphs), a POST, an error or a query whose value changes (NOW, RAND) is answered afresh;
a new build starts with an empty cache."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from tests.conftest import jkg
from tests.serving import running_server
from tests.test_reload import small_list, wait_for

JKG = "https://data.jimujigyo-kg.example/def/jkg#"
SHEETS = f"SELECT ?s WHERE {{ ?s a <{JKG}ProjectSheet> }} ORDER BY ?s LIMIT 20"
PROJECTS = f"SELECT (COUNT(?p) AS ?n) WHERE {{ ?p a <{JKG}Project> }}"
JSON = "application/sparql-results+json"


def fetch(
    url: str, headers: dict[str, str] | None = None, method: str = "GET", data: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def ask(server: str, query: str, accept: str = JSON, extra: str = "") -> tuple[int, dict[str, str], bytes]:
    return fetch(f"{server}/sparql?query={quote(query)}{extra}", {"Accept": accept})


def cache_stats(server: str) -> dict[str, int]:
    stats: dict[str, int] = json.loads(fetch(server + "/-/health")[2])["answer_cache"]
    return stats


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out, env={"JKG_MAX_ROWS": "30"}) as url:
        yield url


def test_a_repeated_get_is_the_same_answer_without_a_worker(server: str) -> None:
    first = ask(server, SHEETS + " # 1", "text/csv")
    again = ask(server, SHEETS + " # 1", "text/csv")
    assert first[0] == again[0] == 200
    assert "JKG-Answer-Cache" not in first[1] and again[1]["JKG-Answer-Cache"] == "hit"
    assert again[2] == first[2] and len(first[2].splitlines()) == 21
    for name in ("Content-Type", "ETag", "JKG-Result-Rows", "Vary", "Content-Length", "Access-Control-Allow-Origin"):
        assert again[1][name] == first[1][name], name
    not_modified = fetch(
        f"{server}/sparql?query={quote(SHEETS + ' # 1')}", {"Accept": "text/csv", "If-None-Match": first[1]["ETag"]}
    )
    assert not_modified[0] == 304 and not_modified[2] == b""
    head = fetch(f"{server}/sparql?query={quote(SHEETS + ' # 1')}", {"Accept": "text/csv"}, method="HEAD")
    assert head[0] == 200 and head[2] == b"" and head[1]["JKG-Answer-Cache"] == "hit"
    stats = cache_stats(server)
    assert stats["hits"] >= 3 and stats["entries"] >= 1 and 0 < stats["bytes"] <= stats["budget"] == 64 << 20


def test_each_request_gets_the_format_and_media_type_it_asks_for(server: str) -> None:
    query = SHEETS + " # 2"
    ask(server, query, JSON)
    csv = ask(server, query, "text/csv")
    assert "JKG-Answer-Cache" not in csv[1] and csv[1]["Content-Type"].startswith("text/csv")
    # application/json asks for the same job (SPARQL JSON, as from Fuseki) as application/sparql-results+json.
    plain = ask(server, query, "application/json")
    assert plain[1]["JKG-Answer-Cache"] == "hit" and plain[1]["Content-Type"].startswith(JSON)
    assert json.loads(plain[2])["results"]["bindings"]
    by_parameter = ask(server, query, "*/*", "&format=xml")
    assert "JKG-Answer-Cache" not in by_parameter[1] and b"<sparql" in by_parameter[2]


def test_another_text_graph_or_a_post_is_answered_afresh(server: str) -> None:
    query = SHEETS + " # 3"
    ask(server, query)
    assert "JKG-Answer-Cache" not in ask(server, query + " ")[1]
    graph = ask(
        server, query, extra="&default-graph-uri=" + quote("https://data.jimujigyo-kg.example/tsukuba/graph/meta")
    )
    assert graph[0] == 200 and "JKG-Answer-Cache" not in graph[1] and json.loads(graph[2])["results"]["bindings"] == []
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON}
    for _ in range(2):
        posted = fetch(server + "/sparql", form, "POST", urlencode({"query": query}).encode())
        assert posted[0] == 200 and "JKG-Answer-Cache" not in posted[1]


def test_errors_and_changing_values_are_never_kept(server: str) -> None:
    too_many = SHEETS.replace("LIMIT 20", "")  # 47 rows over the server's cap of 30
    for _ in range(2):
        refused = ask(server, too_many)
        assert refused[0] == 400 and "JKG-Answer-Cache" not in refused[1]
    for query in ("SELECT (RAND() AS ?r) WHERE {}", "SELECT (now () AS ?t) WHERE {}", "SELECT (STRUUID() AS ?u) {}"):
        answers = [ask(server, query) for _ in range(2)]
        assert all(a[0] == 200 and "JKG-Answer-Cache" not in a[1] for a in answers), query
        assert answers[0][2] != answers[1][2] or "now" in query, query


def test_a_new_build_is_answered_afresh(tmp_path: Path, bundled_out: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_out, data, symlinks=True)
    with running_server(data, env={"JKG_RELOAD_INTERVAL": "0.2"}) as server:

        def projects() -> tuple[int, str]:
            status, headers, body = ask(server, PROJECTS)
            assert status == 200, body
            return int(json.loads(body)["results"]["bindings"][0]["n"]["value"]), headers.get("JKG-Answer-Cache", "")

        assert projects() == (47, "") and projects() == (47, "hit")
        old = json.loads(fetch(server + "/-/health")[2])["build"]
        assert (
            jkg("build", str(small_list(tmp_path / "small.txt", 3)), "--out", str(data), "--no-progress").returncode
            == 0
        )
        wait_for(lambda: json.loads(fetch(server + "/-/health")[2])["build"] != old, "the switch to the new build")
        assert cache_stats(server)["entries"] == 0
        assert projects() == (3, "") and projects() == (3, "hit")
