"""Every picture the README and the docs show exists and is small enough to keep in the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)]+\.png)\)")
MOST_BYTES = 400 * 1024  # a screenshot reduced to 256 colours is a few hundred KB at most


def test_every_picture_shown_exists_and_is_small():
    shown = [(doc, (doc.parent / link).resolve()) for doc in (ROOT / "README.md", *(ROOT / "docs").glob("*.md"))
             for link in PICTURE.findall(doc.read_text(encoding="utf-8"))]
    assert any(doc.name == "README.md" for doc, _ in shown), "the pattern finds the README's pictures"
    assert [str(png) for _, png in shown if not png.is_file()] == []
    assert [(png.name, png.stat().st_size) for _, png in shown if png.stat().st_size > MOST_BYTES] == []
