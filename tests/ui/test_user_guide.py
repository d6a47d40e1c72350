"""Help > User guide (F1) shows docs/user-guide.md, which the frozen build bundles and which names every need code."""

from pathlib import Path

from PySide6.QtGui import QKeySequence

from sufficiency_app.infra import resources
from sufficiency_app.model.codes import NEED_NAMES, PHASE_NAMES

ROOT = Path(__file__).resolve().parents[2]


def test_f1_opens_the_user_guide_once(window, qtbot):
    action = window.guide_action
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert action in window.menuBar().actions()[-1].menu().actions()
    action.trigger()
    guide = window.user_guide
    assert guide.isVisible() and not guide.isModal()
    text = guide.browser.toPlainText()
    assert "How to read a plan" in text and "Running a workshop" in text
    action.trigger()
    assert window.user_guide is guide  # one copy, brought to the front
    guide.close()


def test_guide_names_every_need_and_phase_and_is_bundled():
    guide = resources.user_guide_path().read_text(encoding="utf-8")
    for code, name in NEED_NAMES.items():
        assert f"| {code} | {name}" in guide, code
    for code, name in PHASE_NAMES.items():
        assert f"**{code}** {name.lower()}" in guide, code
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "docs" / "user-guide.md"), "docs")' in spec
    assert resources.user_guide_path() == ROOT / "docs" / "user-guide.md"
