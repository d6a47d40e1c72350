"""Every ``docs/...md`` that the code, the README or the docs name exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"docs/[\w-]+\.md")


def test_no_broken_doc_links():
    sources = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "sufficiency_app").rglob("*.py")]
    named = {(str(p.relative_to(ROOT)), link) for p in sources for link in LINK.findall(p.read_text(encoding="utf-8"))}
    assert named, "the pattern finds the links"
    assert sorted((where, link) for where, link in named if not (ROOT / link).is_file()) == []


def test_docs_model_numbers_every_reading_the_code_names():
    """docs/model.md holds readings 1-23 in order; every "reading N" in the code is one of them."""
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"^(\d+)\. \*\*", text, flags=re.MULTILINE)]
    assert numbers == list(range(1, 24))
    cited = {int(n) for p in (ROOT / "sufficiency_app").rglob("*.py")
             for n in re.findall(r"\breadings? (\d+)", p.read_text(encoding="utf-8"))}
    assert cited and cited <= set(numbers)
