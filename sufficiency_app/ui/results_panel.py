"""The Results tab: headline cards against the baseline, the schedule, and what each option buys."""

from __future__ import annotations

import html
import math

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..infra.formatting import MINUS, academic_year, count, format_value, money, september
from ..io.project_file import ProjectEntry
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..present.figures import Headline, plan_figures
from ..present.plan_words import stop_words, why_no_option_values
from ..report import dashboard
from . import theme
from .frame_model import DataFrameModel
from .store import CurrentChanged, ProjectReplaced, ProjectStore, ResultsChanged, ScenarioEdited

CARD_KEYS = ("avoided", "within", "mean", "p95", "capital", "revenue", "balance")
DASHBOARD_KEYS = ("spe_a", "spe_d", "out_of_county", "transport")
DASHBOARD_TIPS = {
    "spe_a": "SEND dashboard SPE.a: the share of all children with EHC plans in the forecast (met locally "
             "included) placed in independent settings, in the last year planned, against the first year.",
    "spe_d": "SEND dashboard SPE.d: the share placed in independent settings out of county, in the last year "
             "planned, against the first year. The unlisted independent sector counts as out of county.",
    "out_of_county": "The share placed in any setting outside the county, in the last year planned, against "
                     "the first year.",
    "transport": "Home-to-school transport over the years planned, paid from the council's general fund "
                 "(not the High Needs Block), against doing nothing.",
}
OLD_PLAN = "this plan was solved before the measure existed; solve again"


class HeadlineCard(QFrame):
    """A big number with its caption and the change against the baseline."""

    def __init__(self, scale: float = 1.0, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.title = QLabel()
        self.title.setObjectName("cardCaption")
        self.title.setFont(theme.scaled_font(self, 1.0 * scale, bold=True))
        self.title.setWordWrap(True)  # a long title wraps rather than widening its column of cards
        self.value = QLabel("–")
        self.value.setObjectName("cardValue")
        self.value.setFont(theme.scaled_font(self, 2.3 * scale, bold=True))
        self.detail = QLabel()
        self.detail.setObjectName("cardCaption")
        self.detail.setFont(theme.scaled_font(self, 0.95 * scale))
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(int(14 * scale), int(10 * scale), int(14 * scale), int(10 * scale))
        layout.setSpacing(int(2 * scale))
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set_headline(self, h: Headline | None, currency: str = "GBP", label: str | None = None,
                     versus: str = "doing nothing", more: str = "") -> None:
        """Fill the card; ``h`` None clears it. ``versus`` names what ``h.baseline`` is (a year, doing nothing);
        ``more`` is a further line under the change."""
        if h is None:
            self.value.setText("–")
            self.detail.setText("")
            return
        self.title.setText(label or h.label)
        self.value.setText(h.text(currency))
        if h.note:  # a total over the years planned: what it counts, not a change
            text, colour = h.note, theme.MUTED
        elif h.baseline is None or math.isnan(h.baseline):
            text, colour = f"no figure for {versus}" if h.baseline is not None else "no baseline", theme.MUTED
        else:
            arrow = {True: "▲ better", False: "▼ worse", None: "no change"}[h.improved]
            text = (f"{format_value(h.delta, h.unit, currency, signed=True)} vs {versus} "
                    f"({format_value(h.baseline, h.unit, currency)})  {arrow}")
            colour = {True: theme.BETTER, False: theme.WORSE, None: theme.MUTED}[h.improved]
        self._detail(text, colour)
        if more:  # context, not a verdict: in the muted colour under the coloured change
            self.detail.setText(f"{html.escape(text).replace(MINUS, MINUS + chr(0x2060))}<br><span style='color: {theme.MUTED.name()};'>"
                                f"{html.escape(more)}</span>")

    def set_unavailable(self, label: str, why: str) -> None:
        """A measure the plan does not carry: a dash, and in words why and what to do."""
        self.title.setText(label)
        self.value.setText("–")
        self._detail(f"{dashboard.NOT_AVAILABLE}: {why}", theme.MUTED)

    def _detail(self, text: str, colour) -> None:
        self.detail.setText(text.replace(MINUS, MINUS + "\u2060"))  # never wrap between "−" and "£444.6m"
        self.detail.setStyleSheet(f"color: {colour.name()};")


def fill_dashboard(cards: dict[str, HeadlineCard], scenario: Scenario, result: PlanResult, baseline: PlanResult | None,
                   currency: str, placed: bool = True) -> None:
    """Fill the SEND dashboard ``cards`` (keys of :data:`DASHBOARD_KEYS`); transport shows only when costed,
    none when the plan's children were not ``placed``."""
    shown = {h.key: h for h in dashboard.headlines(scenario, result, baseline)} if placed else {}
    nothing = dashboard.no_new_places(scenario, baseline)
    for key, card in cards.items():
        h = shown.get(key)
        card.setVisible(h is not None)
        if h is None:
            continue
        if dashboard.is_available(h):
            card.set_headline(h, currency, versus=dashboard.versus(scenario, key), more=nothing.get(key, ""))
        else:
            card.set_unavailable(h.label, OLD_PLAN)


def schedule_frame(entry: ProjectEntry | None) -> pd.DataFrame:
    """The schedule as the panel shows it: option names, year order, places as counts, capital in £."""
    columns = ["Places from", "Option", "Modules", "Places", "Capital"]
    result = entry.result if entry is not None else None
    if result is None or not len(result.schedule):
        return pd.DataFrame(columns=columns)
    names = dict(zip(entry.scenario.options["option_id"].astype(str), entry.scenario.options["name"].astype(str)))
    s = result.schedule[result.schedule["modules"].astype(float) > 0].sort_values(["year", "option_id"])
    ids = s["option_id"].astype(str)
    return pd.DataFrame({
        "Places from": [september(int(y)) for y in s["year"]],
        "Option": ids.map(names).fillna(ids).to_numpy(),
        "Modules": [count(v) for v in s["modules"].astype(float)],
        "Places": [count(v) for v in s["places"].astype(float)],
        "Capital": [money(v) for v in s["capital"].astype(float)],
    }, columns=columns)


def option_values_frame(entry: ProjectEntry | None) -> pd.DataFrame:
    """What each chosen option buys, best first, rounded for reading.

    The headers are short (the table's title says child-years avoided) so the
    option names, not the headers, get the width.
    """
    columns = ["Option", "Places", "Capital", "Avoided", "Per £1m", "Minutes saved", "Buys"]
    result = entry.result if entry is not None else None
    if result is None or not len(result.option_values):
        return pd.DataFrame(columns=columns)
    names = dict(zip(entry.scenario.options["option_id"].astype(str), entry.scenario.options["name"].astype(str)))
    v = result.option_values.sort_values("independent_avoided", ascending=False)
    ids = v["option_id"].astype(str)
    return pd.DataFrame({
        "Option": ids.map(names).fillna(ids).to_numpy(),
        "Places": [count(x) for x in v["places"].astype(float)],
        "Capital": [money(x) for x in v["capital"].astype(float)],
        "Avoided": [count(x) for x in v["independent_avoided"].astype(float)],
        "Per £1m": [f"{x:,.1f}" for x in v["independent_avoided_per_million"].astype(float)],
        "Minutes saved": ["" if x != x else count(x) for x in v["minutes_saved"].astype(float)],  # NaN: older plan
        "Buys": v["buys"].fillna("").astype(str).to_numpy(),  # "journeys only" (docs/model.md reading 21)
    }, columns=columns)


def empty_places_frame(entry: ProjectEntry | None) -> pd.DataFrame:
    """Places paid for and not filled, by setting and year, dearest first (docs/model.md reading 19).

    Empty when place funding is off or every funded place is filled.
    """
    columns = ["Setting", "Year", "Places", "Filled", "Empty", "Cost of empty places"]
    result = entry.result if entry is not None else None
    if result is None or not len(result.empty_places):
        return pd.DataFrame(columns=columns)
    sc = entry.scenario
    names = {**dict(zip(sc.options["option_id"].astype(str), sc.options["name"].astype(str))),
             **dict(zip(sc.provisions["provision_id"].astype(str), sc.provisions["name"].astype(str)))}
    e = result.empty_places[result.empty_places["empty"].astype(float) > 0]
    e = e.sort_values(["empty_cost", "year"], ascending=[False, True])
    ids = e["provision_id"].astype(str)
    return pd.DataFrame({
        "Setting": ids.map(names).fillna(ids).to_numpy(),
        "Year": [academic_year(int(y)) for y in e["year"]],
        "Places": [count(v) for v in e["places"].astype(float)],
        "Filled": [count(v) for v in e["placed"].astype(float)],
        "Empty": [count(v) for v in e["empty"].astype(float)],
        "Cost of empty places": [money(v) for v in e["empty_cost"].astype(float)],
    }, columns=columns)


class TextTipModel(DataFrameModel):
    """A read-only table model whose every cell has its whole text as a tooltip (for a narrow column)."""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


def _table(model: DataFrameModel) -> QTableView:
    """A read-only table: numbers fit their contents, ``Option`` takes the spare width and wraps (never cut)."""
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().setMinimumSectionSize(24)
    header = view.horizontalHeader()

    def fit() -> None:
        for c in range(model.columnCount()):
            mode = QHeaderView.ResizeMode.Stretch if model.column_name(c) == "Option" else \
                QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(c, mode)
    model.modelReset.connect(fit)
    return view


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 6, 0, 0)
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    label.setFont(theme.scaled_font(label, 1.15, bold=True))
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


class ResultsPanel(QWidget):
    """Headline figures, schedule and option values of the current scenario's plan."""

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.words = QLabel()
        self.words.setObjectName("sectionTitle")
        self.words.setWordWrap(True)
        self.stopped = QLabel()  # what stopped an unproven plan, beside the figures it qualifies
        self.stopped.setObjectName("banner")
        self.stopped.setWordWrap(True)
        self.cards = {key: HeadlineCard() for key in CARD_KEYS}
        self.dashboard_cards = {key: HeadlineCard() for key in DASHBOARD_KEYS}
        for key, card in self.dashboard_cards.items():
            card.setToolTip(DASHBOARD_TIPS[key])
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 4, i % 4)
        for i, card in enumerate(self.dashboard_cards.values()):  # the SEND dashboard's row, under the plan's
            grid.addWidget(card, 2, i)
        for column in range(4):
            grid.setColumnStretch(column, 1)
        self.schedule_model = TextTipModel(parent=self)
        self.values_model = TextTipModel(parent=self)
        self.schedule_view = _table(self.schedule_model)
        self.values_view = _table(self.values_model)
        self.values_note = QLabel()  # why the table is empty and what to do
        self.values_note.setObjectName("cardCaption")
        self.values_note.setWordWrap(True)
        self.values_note.hide()
        values = QWidget()
        values_layout = QVBoxLayout(values)
        values_layout.setContentsMargins(0, 0, 0, 0)
        values_layout.addWidget(self.values_note)
        values_layout.addWidget(self.values_view, 1)
        self.empty_model = TextTipModel(parent=self)
        self.empty_view = _table(self.empty_model)
        self.empty_pane = _titled("Empty places paid for (place funding)", self.empty_view)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(_titled("Schedule: places to create", self.schedule_view))
        split.addWidget(_titled("What each option buys (independent child-years avoided)", values))
        split.addWidget(self.empty_pane)
        split.setSizes([500, 500, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addWidget(self.words)
        layout.addWidget(self.stopped)
        layout.addLayout(grid)
        layout.addWidget(split, 1)
        store.changed.connect(self._on_message)
        self.refresh()

    def _on_message(self, msg: object) -> None:
        if isinstance(msg, (ProjectReplaced, CurrentChanged)) or (
                isinstance(msg, (ResultsChanged, ScenarioEdited)) and msg.index == self.store.current):
            self.refresh()

    def refresh(self) -> None:
        entry = self.store.entry
        result: PlanResult | None = entry.result if entry else None
        if entry is None or result is None:
            self.banner.setText("No plan yet: press Solve to propose a schedule for this scenario.")
            self.banner.show()
            self.words.setText("")
            self.stopped.hide()
            for card in self.cards.values():
                card.set_headline(None)
            self.cards["balance"].hide()
            for card in self.dashboard_cards.values():
                card.hide()
            self.schedule_model.set_frame(schedule_frame(entry))
            self.values_model.set_frame(pd.DataFrame())
            self.values_note.hide()
            self.empty_model.set_frame(pd.DataFrame())
            self.empty_pane.hide()
            return
        notes = ["The inputs changed since this plan was made: solve again to update it."] if entry.stale else []
        if result.status == "infeasible" and result.message:
            notes.append(result.message)  # which pins clash, in words
        self.banner.setText("  ".join(notes))
        self.banner.setVisible(bool(notes))
        figures = plan_figures(entry.scenario, result, entry.baseline)
        self.words.setText(figures.words + ".")
        self.stopped.setText(stop_words(result))
        self.stopped.setVisible(bool(self.stopped.text()))
        placed = bool(len(result.allocation))  # a plan stopped before its children were placed has no figures
        shown = {h.key: h for h in figures.headlines()} if placed else {}
        for key, card in self.cards.items():
            card.setVisible(key in shown)
            card.set_headline(shown.get(key), figures.currency)
        fill_dashboard(self.dashboard_cards, entry.scenario, result, entry.baseline, figures.currency, placed)
        self.schedule_model.set_frame(schedule_frame(entry))
        values = option_values_frame(entry)
        self.values_model.set_frame(values)
        self.values_note.setText(why_no_option_values(result) if values.empty else "")
        self.values_note.setVisible(values.empty)
        empty = empty_places_frame(entry)
        self.empty_model.set_frame(empty)
        self.empty_pane.setVisible(not empty.empty)  # only with place funding and places left empty
