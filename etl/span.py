"""A candidate span of the matching text: where, what it would name, and the rule that found it."""

from __future__ import annotations

from dataclasses import dataclass, field

from jkg.etl.registry import Entity


@dataclass(order=True)
class Span:
    start: int
    end: int
    rank: int = field(compare=False)
    category: str = field(compare=False)  # partner, plan, law, event, or stop (blocks, never a mention)
    name: str = field(compare=False)  # the canonical name (normalised text)
    type: str = field(compare=False, default="")
    entity: Entity | None = field(compare=False, default=None)
    rule: str = field(compare=False, default="")
    owner: str = field(compare=False, default="")  # 団体コード of the municipality whose own plan/ordinance it is
    evidence: str = field(compare=False, default="")  # its confidence class (etl/evidence.py)
