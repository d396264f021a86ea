"""/data/ (dumps with size, sha256 and licence) and /def/ (the vocabulary and the shapes) as published files."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    request,
    send_from_directory,
    url_for,
)
from pyoxigraph import RdfFormat, parse

from jkg import layout, namespace, resources
from jkg.server import current, errors, negotiate, pages
from jkg.server import vocabulary as vocabulary_doc
from jkg.server.graphfiles import description, rdf_files

OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"

bp = Blueprint("publication", __name__)


@bp.route("/data/")
def dumps() -> Response:
    """The dumps: an HTML table for browsers, JSON for scripts, the DCAT/VoID description as RDF."""
    published = current.published()
    report = published.report
    graphs = [f.media_type for f in negotiate.GRAPHS]
    if negotiate.wants_html(request.accept_mimetypes, ["application/json", *graphs], on_tie=True):
        return pages.html("dumps.html", report=report, license=published.license)
    if request.accept_mimetypes.best_match(["application/json", *graphs]) == "application/json":
        return jsonify(
            dumps=report["dumps"], triples=report["triples"], built_at=report["built_at"], license=published.license
        )
    return description()


@bp.route("/data/<name>")
def dump(name: str) -> Response:
    """One dump file, as published (the dataset IRI BASE/data/dataset gets the description, also as
    /data/dataset.<ext>)."""
    build = current.published().build
    stem, _, ext = name.partition(".")
    if stem == "dataset":
        return description(_ext(ext or None))
    if name not in layout.SERVED_FILES:
        return errors.error(404, "not-found", f"no dump {name!r}; see /data/ for the list")
    response = send_from_directory(build.dumps, name, max_age=3600)
    response.headers["Content-Type"] = layout.SERVED_FILES[name]  # as is: mimetype= would add a second charset
    response.headers["Link"] = '</data/dataset>; rel="describedby"'
    return response


@bp.route("/data/catalog", defaults={"part": None})
@bp.route("/data/dataset/<path:part>")
def described_in_description(part: str | None) -> Response:
    """The catalogue and each municipality's part of the dataset (/data/dataset/lg/{code}) are described in the
    dataset's description: 303 See Other to it (404 for a part the dataset does not have)."""
    published = current.published()
    iri = published.iris.catalog().value if part is None else published.iris.dataset().value + "/" + part
    if f"<{iri}>" not in published.build.description.read_text(encoding="utf-8"):
        return errors.error(404, "not-found", f"no part {iri!r} of the dataset; see /data/dataset")
    response = redirect(url_for("publication.dump", name="dataset"), code=303)
    response.headers["Vary"] = "Accept"
    return response  # type: ignore[return-value]


def _wants_html(ext: str | None) -> bool:
    if ext is not None:
        return ext == "html"
    return negotiate.wants_html(request.accept_mimetypes) and not request.args.get("format")


def _ext(ext: str | None) -> list[str] | None:
    """A file extension as a format= choice (404 for one we do not serve)."""
    if ext is None or ext == "html":
        return None
    if ext not in {f.name for f in negotiate.GRAPHS}:
        abort(404)
    return [ext]


@bp.route("/def/")
def definitions() -> Response:
    """The vocabulary's documentation."""
    return redirect(url_for("publication.vocabulary"), code=303)  # type: ignore[return-value]


@bp.route("/def/jkg", defaults={"ext": None})
@bp.route("/def/jkg.<ext>")
def vocabulary(ext: str | None) -> Response:
    """The local vocabulary (ontology/*.ttl): HTML documentation for browsers, else RDF."""
    if _wants_html(ext):
        doc = current_app.extensions.get("jkg_vocabulary")
        if doc is None:
            doc = current_app.extensions["jkg_vocabulary"] = vocabulary_doc.load(
                sorted(resources.ontology_dir().glob("*.ttl")), sorted(resources.shapes_dir().glob("*.ttl"))
            )
        return pages.html("vocabulary.html", vocab=doc, release=None, releases=list(releases()))
    return rdf_files(sorted(resources.ontology_dir().glob("*.ttl")), requested=_ext(ext), location="/def/jkg")


def vocabulary_version_info() -> str:
    """The owl:versionInfo of the ontology this server ships."""
    version = current_app.extensions.get("jkg_vocabulary_version")
    if version is None:
        paths = sorted(resources.ontology_dir().glob("*.ttl"))
        triples = [t for p in paths for t in parse(namespace.read(p), RdfFormat.TURTLE)]
        found = [t.object.value for t in triples if t.predicate.value == OWL_VERSION_INFO]
        version = current_app.extensions["jkg_vocabulary_version"] = found[0] if found else ""
    return str(version)


def releases() -> dict[str, Path]:
    """The vocabulary's releases (ontology/releases/{version}.ttl), oldest first."""
    found = {p.stem: p for p in resources.ontology_releases_dir().glob("*.ttl")}
    return dict(sorted(found.items(), key=lambda item: _version_key(item[0])))


def _version_key(version: str) -> tuple[int | str, ...]:
    return tuple(int(part) if part.isdigit() else part for part in version.split("."))


@bp.route("/def/jkg/<path:name>")
def vocabulary_version(name: str) -> Response:
    """One release of the vocabulary under its owl:versionIRI (/def/jkg/0.1.0, also .html .ttl .nt .rdf
    .jsonld): the snapshot kept unchanged in ontology/releases/{version}.ttl (its Turtle byte for byte)."""
    version, ext = name, None
    for suffix in ["html", *(f.name for f in negotiate.GRAPHS)]:
        if name.endswith("." + suffix):
            version, ext = name.removesuffix("." + suffix), suffix
    snapshot = releases().get(version)
    if snapshot is None or "/" in version:
        return errors.error(404, "not-found", f"no vocabulary release {version!r}; see /def/jkg for the releases")
    location = f"/def/jkg/{version}"
    if _wants_html(ext):
        docs = current_app.extensions.setdefault("jkg_vocabulary_releases", {})
        if version not in docs:
            docs[version] = vocabulary_doc.load([snapshot], [])
        return pages.html("vocabulary.html", vocab=docs[version], release=version, releases=list(releases()))
    return rdf_files([snapshot], requested=[ext] if ext else None, location=location, verbatim=True)


@bp.route("/def/shapes", defaults={"ext": None})
@bp.route("/def/shapes.<ext>")
def shapes(ext: str | None) -> Response:
    """The SHACL shapes (shapes/*.ttl) in RDF; browsers see them beside each class of the vocabulary page."""
    if _wants_html(ext):
        return redirect(url_for("publication.vocabulary") + "#class", code=303)  # type: ignore[return-value]
    return rdf_files(sorted(resources.shapes_dir().glob("*.ttl")), requested=_ext(ext), location="/def/shapes")
