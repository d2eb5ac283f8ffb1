"""CI's judgement of a pip-audit report (.ci/audit.py): what fails the run and what only warns."""
from __future__ import annotations

import importlib.util
from pathlib import Path

AUDIT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"
spec = importlib.util.spec_from_file_location("ci_audit", AUDIT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

CLEAN = {"name": "flask", "version": "3.1.3", "vulns": []}


def vuln(fixes: list[str]) -> dict:
    return {"id": "PYSEC-2099-1", "fix_versions": fixes, "aliases": [], "description": "…"}


def test_a_vulnerability_with_a_fix_fails_and_names_the_upgrade():
    report = {"dependencies": [CLEAN, {"name": "jinja2", "version": "3.1.6", "vulns": [vuln(["3.1.7"])]}]}
    status, lines = audit.judge(report, required=False)
    assert status == 1
    assert lines == ["pip-audit: VULNERABLE jinja2 3.1.6: PYSEC-2099-1 — fixed in 3.1.7; raise the pin in pyproject.toml"]


def test_a_vulnerability_without_a_fix_only_warns():
    report = {"dependencies": [{"name": "jinja2", "version": "3.1.6", "vulns": [vuln([])]}]}
    status, lines = audit.judge(report, required=False)
    assert status == 0 and "no fixed release yet" in lines[0]


def test_a_clean_report_passes_and_says_how_much_was_audited():
    assert audit.judge({"dependencies": [CLEAN, CLEAN]}, required=False) == (
        0, ["pip-audit: 2 packages audited, no known vulnerability"])


def test_an_unreachable_service_is_not_a_pass_in_disguise():
    """pip-audit itself says "No known vulnerabilities found" when it could look nothing up."""
    report = {"dependencies": [CLEAN, {"name": "alembic", "skip_reason": "Dependency not found on PyPI"},
                               {"name": "circleup", "skip_reason": "distribution marked as editable"}]}
    status, lines = audit.judge(report, required=False)
    assert status == 0 and lines == ["pip-audit: NOT AUDITED 1 of 2 packages (the vulnerability service did not know "
                                     "them or could not be reached): alembic"]
    assert audit.judge(report, required=True)[0] == 1
    assert audit.judge(None, required=False)[0] == 0 and audit.judge(None, required=True)[0] == 1


def test_the_script_reads_pip_audits_file(tmp_path, monkeypatch, capsys):
    report = tmp_path / "report.json"
    report.write_text('{"dependencies": [{"name": "a2wsgi", "version": "1.10.10", "vulns": '
                      '[{"id": "GHSA-x", "fix_versions": ["1.10.11"]}]}], "fixes": []}')
    assert audit.main(["audit.py", str(report)]) == 1
    assert "VULNERABLE a2wsgi" in capsys.readouterr().out
    monkeypatch.setenv("CIRCLEUP_AUDIT_REQUIRED", "1")
    assert audit.main(["audit.py", str(tmp_path / "missing.json")]) == 1
