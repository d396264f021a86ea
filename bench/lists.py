"""What the faceted lists and their downloads cost over HTTP, against the same view asked of the SPARQL endpoint.

    python bench/lists.py [--rows N] [--repeat K] [--figures]

Builds the bundled list and a synthetic list of N rows (default 22,000: about 1M triples) with the real `jkg
build`, serves each with a real `jkg serve` (2 workers) and times, interleaved, K requests of each (median, a
fresh connection each), every one against its baseline in the same run:

* the facet page `/projects` (rows, 10 facets with counts, 3 charts) and a filtered, sorted, text-searched page,
  against the view's own SPARQL (what "show the SPARQL" opens) through /sparql as JSON;
* `/partners`, and the direction facet (縮小) sorted by budget, against their SPARQL;
* the CSV download of every row of `/projects`, and the xlsx, against the same SPARQL as CSV from /sparql;
* the facet page against the light baseline of one sheet's Turtle document (request overhead).

`--figures` makes the synthetic list with money, policy, direction, grade and legal-basis columns.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402

from bench.pages import BROWSER, get  # noqa: E402
from bench.synth import built_graphs  # noqa: E402
from tests.serving import running_server  # noqa: E402

HTTP_TIMEOUT = 600


def compare(name: str, repeat: int, subject: Callable[[], float], baseline: Callable[[], float]) -> None:
    """Interleaved medians of a request and its baseline; a baseline the server refuses (the SPARQL endpoint's
    time limit) is reported as such instead of a ratio."""
    mine: list[float] = []
    base: list[float] = []
    for number in range(repeat + 1):
        a = subject()
        try:
            b = baseline()
        except SystemExit as refused:  # bench.pages.get exits on a non-200 answer
            print(f"{name:<66} {statistics.median([a, *mine]) * 1000:9.1f}   baseline refused: {refused}", flush=True)
            return
        if number:  # the first round warms both
            mine.append(a)
            base.append(b)
    x, y = statistics.median(mine), statistics.median(base)
    print(f"{name:<66} {x * 1000:9.1f} {y * 1000:9.1f} {x / y:7.2f}", flush=True)


def shown_sparql(url: str, path: str) -> bytes:
    """The form body that asks /sparql for a view's own query (its "show the SPARQL" link)."""
    import urllib.request

    with urllib.request.urlopen(url + path, timeout=HTTP_TIMEOUT) as r:
        doc = lxml.html.fromstring(r.read().decode())
    link = str(doc.xpath("string(//a[@id='show-sparql']/@href)"))
    return urlencode({"query": unquote(link.removeprefix("/sparql#query="))}).encode()


def measure(label: str, data: Path, repeat: int) -> None:
    import urllib.request

    print(f"\n{label}")
    print(f"{'request':<66} {'ms':>9} {'base ms':>9} {'ratio':>7}")
    with running_server(data, "--workers", "2") as url:
        with urllib.request.urlopen(url + "/projects.json?_sort_desc=partners", timeout=HTTP_TIMEOUT) as r:
            import json

            body = json.load(r)
        busiest = body["rows"][0]
        division = busiest["division_iri"].split("/id/", 1)[1]
        sheet_doc = "/doc/" + busiest["sheet"].split("/id/", 1)[1] + ".ttl"
        print(f"  {body['total']} rows in /projects")
        filtered = "/projects?" + urlencode({"division": division, "q": "オンライン", "_sort_desc": "partners"})
        reduce = "/projects?" + urlencode({"direction": "direction-reduce", "_sort_desc": "budget"})  # --figures
        for path in ("/projects", filtered, "/partners", reduce):
            form = shown_sparql(url, path)
            compare(
                f"page {path[:40]} / its SPARQL (JSON)",
                repeat,
                lambda path=path: get(url, path, BROWSER),  # type: ignore[misc]
                lambda form=form: get(url, "/sparql", "application/sparql-results+json", form),  # type: ignore[misc]
            )
        compare(
            "page /projects / one sheet's .ttl",
            repeat,
            lambda: get(url, "/projects", BROWSER),
            lambda: get(url, sheet_doc),
        )
        form = shown_sparql(url, "/projects")
        for ext in ("csv", "xlsx"):
            compare(
                f"download /projects.{ext} (every row) / its SPARQL as CSV",
                max(3, repeat // 3),
                lambda ext=ext: get(url, f"/projects.{ext}"),  # type: ignore[misc]
                lambda: get(url, "/sparql", "text/csv", form),
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=22_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--figures", action="store_true", help="the synthetic list with money and evaluations")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, data in built_graphs(Path(tmp), args.rows, with_figures=args.figures):
            measure(label, data, args.repeat)


if __name__ == "__main__":
    main()
