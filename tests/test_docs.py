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
