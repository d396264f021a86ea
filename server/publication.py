"""/data/ (dumps with size, sha256 and licence) and /def/ (the vocabulary and the shapes) as published files."""

from __future__ import annotations

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
        return pages.html("vocabulary.html", vocab=doc)
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


@bp.route("/def/jkg/<path:name>")
def vocabulary_version(name: str) -> Response:
    """One version of the vocabulary under its owl:versionIRI (/def/jkg/0.1.0, also .ttl .nt .rdf .jsonld): this
    release's own, or an earlier release kept unchanged in ontology/versions/{version}.ttl."""
    version, ext = name, None
    for f in negotiate.GRAPHS:
        if name.endswith("." + f.name):
            version, ext = name.removesuffix("." + f.name), f.name
    if version == vocabulary_version_info():
        files = sorted(resources.ontology_dir().glob("*.ttl"))
    else:
        snapshot = resources.ontology_dir() / "versions" / f"{version}.ttl"
        if not snapshot.is_file() or "/" in version:
            return errors.error(404, "not-found", f"no vocabulary version {version!r}; see /def/jkg")
        files = [snapshot]
    return rdf_files(files, requested=[ext] if ext else None, location=f"/def/jkg/{version}")


@bp.route("/def/shapes", defaults={"ext": None})
@bp.route("/def/shapes.<ext>")
def shapes(ext: str | None) -> Response:
    """The SHACL shapes (shapes/*.ttl) in RDF; browsers see them beside each class of the vocabulary page."""
    if _wants_html(ext):
        return redirect(url_for("publication.vocabulary") + "#class", code=303)  # type: ignore[return-value]
    return rdf_files(sorted(resources.shapes_dir().glob("*.ttl")), requested=_ext(ext), location="/def/shapes")
