"""The SEND dashboard in the window: Results cards, the independent-share chart, the workshop's two levers.

Plans and hand-worked shares are in tests/dashboard_plans.py: the plan takes
SPE.a from 30% (6 of 20) to 0%; with no new places it ends at 12 of 22.
"""

from __future__ import annotations

from types import MappingProxyType

import pytest
from dashboard_plans import v2_baseline, v2_county, v2_plan
from small_scenarios import finance_baseline, finance_county, finance_plan, window_county

from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.ui.workshop_state import WorkshopState, apply


def _panel(qtbot, scenario, plan, baseline):
    from sufficiency_app.ui.results_panel import ResultsPanel
    from sufficiency_app.ui.store import ProjectStore

    store = ProjectStore()
    store.set_project(Project((ProjectEntry(scenario, plan, baseline),)), None)
    panel = ResultsPanel(store)
    qtbot.addWidget(panel)
    return panel


def _card(panel, key):
    card = panel.dashboard_cards[key]
    return card.title.text(), card.value.text(), card.detail.text().replace("\u2060", "")  # the minus's word joiner


def test_results_cards_show_the_last_year_against_the_first(qtbot):
    panel = _panel(qtbot, v2_county(), v2_plan(), v2_baseline())
    title, value, detail = _card(panel, "spe_a")
    assert (title, value) == ("SPE.a: placed independently 2027/28", "0.0%")
    assert detail.startswith("−30.0 pp vs 2025/26 (30.0%)  ▲ better<br>")  # then, muted, doing nothing's 12 of 22
    assert detail.endswith(">54.5% with no new places</span>")
    assert _card(panel, "spe_d")[1] == "0.0%" and _card(panel, "out_of_county")[1] == "0.0%"
    # Transport over the three years: £12k + £8k + £9k against £20k + £21k + £22k with no new places.
    assert _card(panel, "transport") == ("Home-to-school transport", "£29k",
                                         "−£34k vs doing nothing (£63k)  ▲ better")
    assert all(not c.isHidden() for c in panel.dashboard_cards.values())
    assert "general fund" in panel.dashboard_cards["transport"].toolTip()


def test_transport_card_only_when_the_scenario_costs_transport(qtbot):
    panel = _panel(qtbot, v2_county(per_km=0.0), v2_plan(), v2_baseline())
    assert panel.dashboard_cards["transport"].isHidden()
    assert not panel.dashboard_cards["spe_a"].isHidden()


def test_a_plan_saved_by_an_older_version_says_not_available(qtbot):
    panel = _panel(qtbot, v2_county(), finance_plan(), finance_baseline())
    title, value, detail = _card(panel, "spe_a")
    assert value == "–" and detail.startswith("not available: ") and "solve again" in detail
    assert _card(panel, "transport")[1] == "–"
    v1 = _panel(qtbot, finance_county(), finance_plan(), finance_baseline())
    assert v1.dashboard_cards["transport"].isHidden() and _card(v1, "spe_d")[1] == "–"
    # The plan's own cards are untouched.
    assert v1.cards["avoided"].value.text() == "27"


def test_no_plan_no_dashboard_cards(qtbot):
    panel = _panel(qtbot, v2_county(), None, None)
    assert all(c.isHidden() for c in panel.dashboard_cards.values())


def _series(card):
    return {item.name(): list(item.getData()[1]) for item in card.plot.listDataItems()}


def test_share_chart_draws_spe_a_and_spe_d_for_plan_and_baseline(qtbot):
    from sufficiency_app.ui.charts import ChartsPanel

    panel = ChartsPanel()
    qtbot.addWidget(panel)
    panel.set_data(v2_county(), v2_plan(), v2_baseline())
    series = _series(panel.cards["shares"])
    assert series["SPE.a: Plan"] == pytest.approx([30.0, 0.0, 0.0])
    assert series["SPE.a: No new places"] == pytest.approx([50.0, 100 * 11 / 21, 100 * 12 / 22])
    assert set(series) == {"SPE.a: Plan", "SPE.d: Plan", "SPE.a: No new places", "SPE.d: No new places"}
    assert panel.cards["shares"].plot.getAxis("left").tickStrings([0, 10, 20], 1, 10) == ["0%", "10%", "20%"]
    # An older baseline: the plan alone, and the note says what is missing.
    panel.set_data(v2_county(), v2_plan(), finance_baseline())
    assert set(_series(panel.cards["shares"])) == {"SPE.a: Plan", "SPE.d: Plan"}
    assert panel.cards["shares"].note.text().startswith("Not available for no new places")


def test_workshop_state_scales_stay_rates_and_sets_transport():
    base = v2_county()
    base = base.replace(parameters=base.parameters.replace(
        independent_stay=MappingProxyType({"PRI": 0.8, "SEC": 0.9})))
    state = WorkshopState.from_scenario(base)
    assert state.transport_per_km == 0.5 and state.stay_percent == 100.0
    same = apply(base, state).parameters
    assert dict(same.independent_stay) == {"PRI": 0.8, "SEC": 0.9} and same.transport_per_km == 0.5
    moved = apply(base, state.with_(stay_percent=120.0, transport_per_km=1.25)).parameters
    assert moved.independent_stay["PRI"] == pytest.approx(0.96)
    assert moved.independent_stay["SEC"] == 1.0  # 1.08 capped: no more than all of them stay
    assert moved.transport_per_km == 1.25
    assert state.with_(transport_per_km=1.0).baseline_key() != state.baseline_key()
    v1 = apply(window_county(), WorkshopState.from_scenario(window_county())).parameters
    assert dict(v1.independent_stay) == {} and v1.transport_per_km == 0.0  # version 1 stays version 1


def test_workshop_levers_re_solve_with_new_parameters(qtbot, window):
    from sufficiency_app.ui.workshop import WorkshopWindow

    county = window_county()
    county = county.replace(parameters=county.parameters.replace(
        independent_stay=MappingProxyType({"PRI": 0.5})))
    window.store.set_project(Project((ProjectEntry(county),)), None)
    workshop = WorkshopWindow(window.store, 0)
    qtbot.addWidget(workshop)
    with qtbot.waitSignal(workshop.solved, timeout=60_000):
        workshop.show()
    assert workshop.stay.isEnabled() and "PRI 50%" in workshop.stay.toolTip()
    assert workshop.dashboard_cards["transport"].isHidden()  # not costed yet
    with qtbot.waitSignal(workshop.solved, timeout=60_000) as blocker:
        workshop.stay.slider.setValue(workshop.stay.slider.value() + 4)  # four steps of 5%: 120%
    assert dict(blocker.args[0].scenario.parameters.independent_stay) == {"PRI": pytest.approx(0.6)}
    assert "PRI 60%" in workshop.stay.toolTip()
    with qtbot.waitSignal(workshop.solved, timeout=60_000) as blocker:
        workshop.transport.slider.setValue(10)  # ten steps of £0.05
    outcome = blocker.args[0]
    assert outcome.scenario.parameters.transport_per_km == pytest.approx(0.5)
    assert workshop.transport.spin.text() == "£0.50 per km"
    assert not workshop.dashboard_cards["transport"].isHidden()  # turning transport on shows its card
    assert workshop.dashboard_cards["spe_a"].title.text() == "SPE.a: placed independently 2026/27"
    workshop.close()


def test_stay_lever_is_off_without_stay_rates(qtbot, window):
    from sufficiency_app.ui.workshop import WorkshopWindow

    workshop = WorkshopWindow(window.store, 0)
    qtbot.addWidget(workshop)
    assert not workshop.stay.isEnabled() and workshop.stay.toolTip().startswith("Off:")
    assert workshop.transport.isEnabled() and workshop.transport.value() == 0.0
    workshop.close()


def test_compare_table_has_the_dashboard_rows():
    from sufficiency_app.ui.compare_panel import headline_table

    plain = v2_county(per_km=0.0).replace(parameters=v2_county(per_km=0.0).parameters.replace(name="Plain"))
    table = headline_table([ProjectEntry(v2_county(), v2_plan(), v2_baseline()),
                            ProjectEntry(plain, finance_plan(), finance_baseline())]).set_index("figure")
    assert table.loc[f"SPE.a, {v2_county().years[-1]}/{(v2_county().years[-1] + 1) % 100:02d}"].tolist() == [
        "0.0%", "–"]  # the second plan predates the measures
    assert table.loc["Home-to-school transport over the plan"].tolist() == ["£29k", "–"]


def test_results_list_the_empty_places_a_plan_pays_for(qtbot):
    """Reading 19 by hand (tests/extension_scenarios.funding_county): O2 makes S 4 places for 2 children,
    so 2 places a year stand empty at £10,000 each; a plan without place funding shows no such table."""
    from extension_scenarios import FUNDING_OFF_SCHEDULE, funding_county

    from sufficiency_app.io import scenario_sha256
    from sufficiency_app.present.plan_tables import plan_from_tables
    from sufficiency_app.solver.check import check_plan
    from sufficiency_app.ui.results_panel import empty_places_frame

    sc = funding_county()
    plan = plan_from_tables(sc, FUNDING_OFF_SCHEDULE, check_plan(sc, FUNDING_OFF_SCHEDULE).allocation,
                            backend="check", status="feasible", seconds=0, scenario_sha256=scenario_sha256(sc))
    panel = _panel(qtbot, sc, plan, None)
    frame = empty_places_frame(panel.store.entry)
    assert frame[["Year", "Places", "Filled", "Empty"]].values.tolist() == [
        ["2025/26", "4", "2", "2"], ["2026/27", "4", "2", "2"]]
    assert frame["Cost of empty places"].tolist() == ["£20,000", "£20,000"]
    assert not panel.empty_pane.isHidden()
    assert _panel(qtbot, v2_county(), v2_plan(), v2_baseline()).empty_pane.isHidden()
