"""The codes of the exchange format: needs, phases, tiers and setting kinds.

One place for them so that readers, validation, the solver and the window
agree on spelling and order.
"""

from __future__ import annotations

NEEDS: tuple[str, ...] = (
    "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH", "NSA",
)
NEED_SYNONYMS: dict[str, str] = {"ASC": "ASD"}
NEED_NAMES: dict[str, str] = {
    "SPLD": "Specific learning difficulty",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "HI": "Hearing impairment",
    "VI": "Visual impairment",
    "MSI": "Multi-sensory impairment",
    "PD": "Physical disability",
    "ASD": "Autistic spectrum disorder",
    "DS": "Down syndrome",
    "OTH": "Other difficulty or disability",
    "NSA": "SEN support but no specialist assessment",
}

PHASES: tuple[str, ...] = ("EY", "PRI", "SEC", "P16")
PHASE_NAMES: dict[str, str] = {
    "EY": "Early years", "PRI": "Primary", "SEC": "Secondary", "P16": "Post-16",
}

TIERS: tuple[str, ...] = ("mainstream", "resourced", "special")
TIER_RANK: dict[str, int] = {t: i for i, t in enumerate(TIERS)}

KIND_TIER: dict[str, str] = {
    "mainstream": "mainstream",
    "resource_base": "resourced",
    "elp": "resourced",
    "special": "special",
    "independent": "special",
}
KINDS: tuple[str, ...] = tuple(KIND_TIER)

ALL = "ALL"
INDEPENDENT = "INDEPENDENT"  # provision_id of the independent fallback in results
LOCAL = "LOCAL"  # provision_id of mainstream demand met locally (not optimised)


def normalise_need(code: str) -> str:
    """Upper-case a need code and map synonyms (ASC -> ASD); unknown codes pass through."""
    c = str(code).strip().upper()
    return NEED_SYNONYMS.get(c, c)


def split_list(text: object) -> list[str]:
    """Split a ``;``-separated cell into stripped, non-empty items."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    return [p.strip() for p in str(text).split(";") if p.strip()]


def parse_needs(text: object) -> frozenset[str]:
    """Needs served by a setting; ``ALL`` means every code. Unknown codes are kept for validation to report."""
    items = [normalise_need(p) for p in split_list(text)]
    if ALL in items:
        return frozenset(NEEDS)
    return frozenset(items)


def parse_phases(text: object) -> frozenset[str]:
    """Phases served by a setting; ``ALL`` means every phase."""
    items = [p.upper() for p in split_list(text)]
    if ALL in items:
        return frozenset(PHASES)
    return frozenset(items)


def join_codes(codes: frozenset[str] | set[str] | list[str], order: tuple[str, ...]) -> str:
    """Write codes back as a ``;`` list in the canonical order (``ALL`` when complete)."""
    present = set(codes)
    if present >= set(order) and order in (NEEDS, PHASES):
        return ALL
    return ";".join(c for c in order if c in present)
