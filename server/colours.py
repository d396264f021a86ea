"""One colour per type of resource, everywhere: the graph view, the network exports (GEXF, Cytoscape JSON), the
charts and the highlighted mentions of a sheet's text (site.css uses the same values; a test compares them).

A type is named by its jkg: local name (`Division`, `NationalAgency`) or, outside the vocabulary, by a prefixed
name; a type not listed gets a colour from its name, so it too keeps its colour from one network to the next.
"""

from __future__ import annotations

import hashlib

TYPE_COLOURS: dict[str, str] = {
    "Project": "#1d3557",
    "ProjectSheet": "#5b7db1",
    "Municipality": "#3d3846",
    "Department": "#865e3c",
    "Division": "#c49a6c",
    "ActionPlan": "#0b4f4b",
    "ActionPlanItem": "#0f7b75",
    "Plan": "#26a269",
    "Law": "#c01c28",
    "Event": "#e5a50a",
    "PartnerBody": "#77767b",
    "NationalAgency": "#1a5fb4",
    "LocalGovernment": "#62a0ea",
    "ForeignLocalGovernment": "#00a0b0",
    "Company": "#e66100",
    "UniversityOrResearchInstitute": "#9141ac",
    "CouncilOrAssociation": "#dc8add",
    "Foundation": "#f66151",
    "SourceDocument": "#5e5c64",
    "SourceRow": "#9a9996",
    "DateMention": "#813d9c",
}
# For types not listed: muted tones, none equal to a listed colour.
FALLBACK = ("#4f6d7a", "#8d6e63", "#6d8b3a", "#a0522d", "#5c6bc0", "#00796b", "#ad1457", "#827717")

# The highlighted mentions of a sheet's text (site.css .mention.k-…) take the colour of what they name.
MENTION_KINDS = {
    "partner": "NationalAgency",
    "plan": "Plan",
    "law": "Law",
    "event": "Event",
    "date": "DateMention",
    "action-plan-item": "ActionPlanItem",
}


def colour(kind: str) -> str:
    """The colour of a type (a jkg: local name or a prefixed name); `#rrggbb`."""
    known = TYPE_COLOURS.get(kind)
    if known is not None:
        return known
    digest = hashlib.sha256(kind.encode("utf-8")).digest()
    return FALLBACK[digest[0] % len(FALLBACK)]


def rgb(value: str) -> tuple[int, int, int]:
    """`#rrggbb` as red, green and blue from 0 to 255."""
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)
