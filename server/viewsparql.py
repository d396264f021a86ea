"""The SPARQL query that gives the rows of a faceted list (what "show the SPARQL" opens in the query UI).

The lists are read from SQL tables for speed; this is the same view stated over the graph: the same rows, counts
and order. One difference: the text filter here is CONTAINS on the lower-cased texts, without the index's NFKC
folding (so ｊａｘａ finds JAXA in the list, not in the query).
"""

from __future__ import annotations

from jkg.server.facets import Query, Table
from jkg.vocab import JKG_NS, SPARQL_PREFIXES

SHEET_LINK = {"partner": "jkg:partner", "plan": "jkg:plan", "law": "jkg:law", "event": "jkg:event"}
SHEET_LINK["item"] = "jkg:actionPlanItem"
SHEET_TEXTS = "rdfs:label|dcterms:title|jkg:purpose|jkg:overview|jkg:results"
NAMES = "rdfs:label|skos:prefLabel|skos:altLabel|skos:notation"
COUNTS = {"partners": "partner", "plans": "plan", "laws": "law", "events": "event", "items": "item"}


def term(value: str) -> str:
    if value.isdigit():
        return f'"{value}"^^xsd:gYear'
    return "<" + value.replace(">", "%3E") + ">"


def literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _filters(query: Query) -> list[str]:
    """One pattern per filter, on ?sheet (and ?project); a facet's values are alternatives (VALUES)."""
    out = []
    for number, (name, values) in enumerate(sorted(query.filters.items())):
        if not values or name == "type":
            continue
        var = f"?f{number}"
        path = {
            "year": "jkg:fiscalYear",
            "municipality": "prov:specializationOf/jkg:municipality",
            "department": "jkg:responsibleUnit/org:subOrganizationOf*",
            "division": "jkg:responsibleUnit",
            "partner_type": "jkg:partner/rdf:type",
            "direction": "jkg:direction/skos:broadMatch?",
            "basis": "jkg:legalBasisKind/skos:broadMatch?",
            "grade": "jkg:grade",
            "policy": "jkg:placeInPlan/skos:broader*",
        }.get(name) or SHEET_LINK[name]
        out.append(f"  VALUES {var} {{ {' '.join(term(v) for v in values)} }}\n  ?sheet {path} {var} .")
    return out


def _text(query: Query, subject: str, predicates: str) -> list[str]:
    out = []
    for number, word in enumerate(dict.fromkeys(query.text.split())):
        out.append(
            f"  FILTER EXISTS {{ {subject} {predicates} ?text{number} "
            f"FILTER(CONTAINS(LCASE(STR(?text{number})), LCASE({literal(word)}))) }}"
        )
    return out


def _order(table: Table, query: Query, tie: str) -> str:
    key, descending = (query.sort, query.descending) if query.sort else table.default_sort
    terms = ["xsd:integer(?number)", "?number"] if key == "number" else [f"?{key}"]
    return " ".join(f"DESC({t})" if descending else t for t in terms) + f" {tie}"


def _money(column: str, kind: str) -> str:
    """The sheet's amount of a kind for its own fiscal year, else for the latest year it gives (as the list
    shows it: etl/facetfigures.py): the best year of each sheet in a subquery (its own year scores 10,000 more),
    then the amount of that year. (A FILTER NOT EXISTS comparing a sheet's amounts pairwise took 60 s for 740
    rows of 5,000; this form well under a second.)"""
    score = f"xsd:integer(STR(?{column}_fy)) + IF(STR(?{column}_fy) = STR(?{column}_sy), 10000, 0)"
    return f"""  OPTIONAL {{
    {{ SELECT ?sheet (MAX({score}) AS ?{column}_best) WHERE {{
        ?sheet jkg:amount ?{column}_any ; jkg:fiscalYear ?{column}_sy .
        ?{column}_any jkg:amountKind jkg:amount-{kind} ; jkg:fiscalYear ?{column}_fy }} GROUP BY ?sheet }}
    ?sheet jkg:amount ?{column}_obs . ?{column}_obs jkg:amountKind jkg:amount-{kind} ;
        jkg:yen ?{column} ; jkg:fiscalYear ?{column}_year_literal .
    BIND(xsd:integer(STR(?{column}_year_literal)) AS ?{column}_year)
    FILTER(?{column}_year + IF(?{column}_year = ?fiscal_year, 10000, 0) = ?{column}_best) }}"""


def _concept(column: str) -> str:
    return f"""  OPTIONAL {{ ?sheet jkg:{column} ?{column}_iri .
    ?{column}_iri skos:prefLabel ?{column} . FILTER(LANG(?{column}) = "ja") }}"""


def projects(table: Table, query: Query, title: str) -> str:
    # Each count in a subquery of its own over every sheet (one GROUP BY over one property, zero where a sheet
    # has none), and each unit's top unit computed once per unit. Measured in pyoxigraph on 22,000 rows: OPTIONAL
    # links multiplied per sheet, or these subqueries made OPTIONAL, ran for minutes; this form in 14 s once
    # (still too slow for the endpoint's time limit at that size). The view's filters are repeated inside each
    # subquery, so that a filtered view counts only its own sheets (5,000 rows: 70 s → see README).
    body = "\n".join([*_filters(query), *_text(query, "?sheet", SHEET_TEXTS)])
    counts = "\n".join(
        f"""  {{ SELECT ?sheet (COUNT(DISTINCT ?{link}) AS ?{column})
     WHERE {{ ?sheet a jkg:ProjectSheet .
{body}
     OPTIONAL {{ ?sheet {SHEET_LINK[link]} ?{link} }} }} GROUP BY ?sheet }}"""
        for column, link in COUNTS.items()
    )
    return f"""{SPARQL_PREFIXES}
# {title}
SELECT ?sheet ?number ?title ?municipality ?department ?division ?fiscal_year ?budget ?budget_year ?settled
       ?settled_year ?direction ?grade {" ".join(f"?{c}" for c in COUNTS)}
WHERE {{
  ?sheet a jkg:ProjectSheet ; prov:specializationOf ?project ; dcterms:title ?title ;
         jkg:fiscalYear ?year ; jkg:responsibleUnit ?unit .
  BIND(xsd:integer(STR(?year)) AS ?fiscal_year)
  ?project dcterms:identifier ?number ; jkg:municipality ?city .
  ?city skos:prefLabel ?municipality . FILTER(LANG(?municipality) = "ja")
  ?unit skos:prefLabel ?division . FILTER(LANG(?division) = "ja")
  {{ SELECT ?unit ?department WHERE {{
      {{ SELECT DISTINCT ?unit WHERE {{ ?any jkg:responsibleUnit ?unit }} }}
      ?unit org:subOrganizationOf* ?top . FILTER NOT EXISTS {{ ?top org:subOrganizationOf ?above }}
      ?top skos:prefLabel ?department . FILTER(LANG(?department) = "ja") }} }}
{body}
{_money("budget", "initial-budget")}
{_money("settled", "settled")}
{_concept("direction")}
{_concept("grade")}
{counts}
}}
ORDER BY {_order(table, query, "?sheet")}
"""


def entities(table: Table, query: Query, title: str) -> str:
    link = SHEET_LINK[table.kind]
    types = query.filters.get("type", [])
    typed = f"  VALUES ?type {{ {' '.join(term(t) for t in types)} }}\n" if types else ""
    body = "\n".join([*_filters(query), *_text(query, "?iri", NAMES)])
    kind_type = {"partner": "PartnerBody", "plan": "Plan", "law": "Law"}[table.kind]
    has_type = table.column("type") is not None
    type_pattern = (
        f"""  OPTIONAL {{ ?iri a ?specific
             FILTER(STRSTARTS(STR(?specific), "{JKG_NS}") && ?specific != jkg:{kind_type}) }}
  BIND(COALESCE(?specific, jkg:{kind_type}) AS ?type)
{typed}"""
        if has_type
        else ""
    )
    return f"""{SPARQL_PREFIXES}
# {title}
SELECT ?iri ?name {"?type " if has_type else ""}(COUNT(DISTINCT ?sheet) AS ?sheets)
       (COUNT(DISTINCT ?project) AS ?projects)
       (COUNT(DISTINCT ?city) AS ?municipalities) (MIN(?fiscal_year) AS ?first_year) (MAX(?fiscal_year) AS ?last_year)
WHERE {{
  ?sheet {link} ?iri ; prov:specializationOf ?project ; jkg:fiscalYear ?year .
  BIND(xsd:integer(STR(?year)) AS ?fiscal_year)
  ?project jkg:municipality ?city .
  ?iri skos:prefLabel ?name . FILTER(LANG(?name) = "ja")
{type_pattern}{body}
}}
GROUP BY ?iri ?name{" ?type" if has_type else ""}
ORDER BY {_order(table, query, "?iri")}
"""


def sparql(table: Table, query: Query, title: str) -> str:
    """The view as a SPARQL SELECT over the graph (its columns as variables, its filters, its order)."""
    return projects(table, query, title) if not table.kind else entities(table, query, title)
