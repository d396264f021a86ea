"""The home page's schema.org Dataset island (<script type="application/ld+json">), as search engines read
datasets: made from the same dataset description the server serves as DCAT."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from jkg.server.resource import script_json
from jkg.server.store import Published
from jkg.vocab import DCAT, DCTERMS, FOAF

# The schema.org vocabulary inline rather than the remote context document, so that the island parses as JSON-LD
# without fetching anything (a page is read offline, and by tests).
SCHEMA_CONTEXT = {"@vocab": "https://schema.org/"}


def schema_dataset(published: Published) -> str:
    """The schema:Dataset of the build, as JSON safe inside a <script> element."""
    about: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for t in parse(path=str(published.build.description), format=RdfFormat.TURTLE):
        about[t.subject.value][t.predicate.value].append(t.object)
    ds = published.iris.dataset().value
    d = about[ds]

    def text(node: str, prop: NamedNode, language: str = "ja") -> str | None:
        found = [o.value for o in about[node][prop.value] if isinstance(o, Literal) and o.language == language]
        return found[0] if found else None

    def iris(node: str, prop: NamedNode) -> list[str]:
        return [o.value for o in about[node][prop.value] if isinstance(o, NamedNode)]

    island: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "Dataset",
        "@id": ds,
        "name": text(ds, DCTERMS.title),
        "alternateName": text(ds, DCTERMS.title, "en"),
        "description": text(ds, DCTERMS.description) or text(ds, DCTERMS.description, "en"),
        "url": published.iris.base,
        "inLanguage": "ja",
        "isAccessibleForFree": True,
        "keywords": [o.value for o in d[DCAT.keyword.value] if isinstance(o, Literal)],
        "dateModified": next((o.value for o in d[DCTERMS.modified.value]), None),
    }
    if licences := iris(ds, DCTERMS.license):
        island["license"] = licences[0]
    publishers = iris(ds, DCTERMS.publisher)
    if publishers:
        island["publisher"] = {"@type": "Organization", "@id": publishers[0], "name": text(publishers[0], FOAF.name)}
    places = [p for p in iris(ds, DCTERMS.spatial) if p.startswith(published.iris.base)]
    island["spatialCoverage"] = [{"@type": "Place", "@id": p, "name": text(p, FOAF.name)} for p in places]
    periods = sorted(
        f"{about[p][DCAT.startDate.value][0].value}/{about[p][DCAT.endDate.value][0].value}"
        for p in iris(ds, DCTERMS.temporal)
        if about[p][DCAT.startDate.value] and about[p][DCAT.endDate.value]
    )
    if periods:
        island["temporalCoverage"] = f"{periods[0].split('/')[0]}/{periods[-1].split('/')[1]}"
    island["distribution"] = [
        {
            "@type": "DataDownload",
            "contentUrl": dist,
            "encodingFormat": iris(dist, DCAT.mediaType)[0].rpartition("media-types/")[2]
            if iris(dist, DCAT.mediaType)
            else None,
        }
        for dist in iris(ds, DCAT.distribution)
        if iris(dist, DCAT.downloadURL)
    ]
    catalog = published.iris.catalog().value
    if about[catalog]:
        island["includedInDataCatalog"] = {"@type": "DataCatalog", "@id": catalog, "name": text(catalog, DCTERMS.title)}
    clean = {k: v for k, v in island.items() if v not in (None, [], "")}
    return script_json(json.dumps(clean, ensure_ascii=False))
