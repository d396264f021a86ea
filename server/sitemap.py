"""/sitemap.xml and /robots.txt: every resource's document for search engines (sitemaps.org 0.9).

The sitemap is an index of pages of at most 50,000 URLs each, as the protocol allows; URLs are the documents'
published IRIs (BASE/doc/…), since a sitemap lists the URLs of the host that publishes it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response, current_app

from jkg.server import current, errors

bp = Blueprint("sitemap", __name__)
PAGE = 50_000  # URLs per sitemap file (the protocol's limit)
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _documents() -> list[str]:
    """The published IRI of every resource's document, sorted, computed once per build a process serves."""
    published = current.published()
    cache: dict[str, list[str]] = current_app.extensions.setdefault("jkg_sitemap", {})
    key = str(published.folder)
    if key not in cache:
        iris = published.iris
        ids = iris.base + "id/"
        # The data graphs only, not the description (which types the source files' checksums): told apart here,
        # not by a FILTER on ?g, since another store (jkg serve --engine) holds the graphs under other names and
        # gives back the published ones only in the answer.
        outside = {iris.vocabulary_graph().value, iris.meta_graph().value}
        result = published.store.query("SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { ?s a ?type } }")
        found = {str(row[1].value) for row in result if str(row[0].value) not in outside}  # type: ignore[union-attr]
        cache.clear()
        cache[key] = sorted(iris.document(s).value for s in found if s.startswith(ids))
    return cache[key]


def _xml(body: str) -> Response:
    return Response('<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="application/xml; charset=utf-8")


@bp.route("/sitemap.xml")
def index() -> Response:
    """The sitemap index: one sitemap page per 50,000 documents."""
    base = current.published().iris.base
    pages = max(1, -(-len(_documents()) // PAGE))
    entries = "".join(f"<sitemap><loc>{escape(base)}sitemap/{n}.xml</loc></sitemap>" for n in range(1, pages + 1))
    return _xml(f'<sitemapindex xmlns="{XMLNS}">{entries}</sitemapindex>\n')


@bp.route("/sitemap/<int:number>.xml")
def page(number: int) -> Response:
    """One page of the sitemap: the home page (first page only) and up to 50,000 documents."""
    base = current.published().iris.base
    documents = _documents()
    if number < 1 or (number - 1) * PAGE >= max(1, len(documents)):
        return errors.error(404, "not-found", "no such sitemap page; see /sitemap.xml")
    urls = ([base] if number == 1 else []) + documents[(number - 1) * PAGE : number * PAGE]
    entries = "".join(f"<url><loc>{escape(url)}</loc></url>" for url in urls)
    return _xml(f'<urlset xmlns="{XMLNS}">{entries}</urlset>\n')


@bp.route("/robots.txt")
def robots() -> Response:
    """Everything may be crawled but the query endpoints; where the sitemap is."""
    base = current.published().iris.base
    text = f"User-agent: *\nDisallow: /sparql\nDisallow: /-/\nSitemap: {base}sitemap.xml\n"
    return Response(text, content_type="text/plain; charset=utf-8")
