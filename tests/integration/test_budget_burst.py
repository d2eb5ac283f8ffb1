"""The budget benchmark's burst, small: under Discourse's limit and circleup's budget on one simulated
clock, nothing is lost, nothing fails, no 429 is taken, and the run ends at the budget's floor."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "discourse_budget.py"


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("discourse_budget_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    flows = module.present_flows()
    if not flows:
        pytest.skip("no flow is registered in sync.FLOWS")
    return module, flows


def test_a_burst_waits_for_the_budget_and_loses_nothing(bench, tmp_path, capsys):
    module, flows = bench
    assert module.burst(tmp_path, flows, 90) is True
    report = capsys.readouterr().out
    figures = {line[:46].strip(): line[46:].split()[0] for line in report.splitlines() if line.startswith("  ")}
    assert figures["lost (acknowledged, never finished)"] == "0"
    assert figures["failed (events + actions)"] == "0"
    assert figures["429 answers taken"] == "0"
    calls = int(figures["Discourse calls"])
    assert calls > module.BUDGET_PER_MINUTE  # enough work to need the budget at all
    minutes = float(figures["simulated time to the last call"])
    floor = (calls - module.BUDGET_PER_MINUTE) / module.BUDGET_PER_MINUTE
    assert floor <= minutes <= floor + 1.0


def test_the_window_check_catches_a_51st_call_inside_a_minute(bench):
    module, _ = bench
    assert module.within_budget([0.0] * 50 + [60.0] * 50, 50)
    assert not module.within_budget([0.0] * 50 + [59.9], 50)



def test_calls_per_circle_join_formation_and_badge_grant_are_reported(bench, tmp_path, capsys):
    module, flows = bench
    if "matching" not in [flow.name for flow in flows]:
        pytest.skip("the matching flow is not registered")
    module.calls_per_event(tmp_path, flows)
    report = capsys.readouterr().out
    rows = {m[1]: f"{m[2]} {m[3]}" for m in re.finditer(r"^  (.+?)\s+(\d+(?:\.\d+)? calls)\s+(.*)$", report, re.M)}
    assert "1× PUT /t/{id}/remove-allowed-user.json" in rows["matching: circle leave once formed (off the message)"]
    assert "1× POST /t/{id}/invite.json" in rows["matching: circle rejoin once formed (added again)"]
    per_join = next(v for k, v in rows.items() if k.startswith("per join"))
    per_formation = next(v for k, v in rows.items() if k.startswith("per formation"))
    per_grant = next(v for k, v in rows.items() if k.startswith("per badge grant"))
    # A formation writes the announcement, the group message and the active-circles topic; a grant
    # is one POST /user_badges.json, the badge ids read once per worker process.
    assert "3.00 writes" in per_formation and "× the floor" in per_formation
    assert "1.00 writes" in per_grant and float(per_grant.split()[0]) < 1.5
    assert float(per_join.split()[0]) <= 2.0
