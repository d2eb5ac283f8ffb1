"""Judge a pip-audit JSON report for CI: exit 1 when a dependency has a known vulnerability that a
newer release fixes; otherwise exit 0, saying what could not be judged.

    python .ci/audit.py REPORT.json

A vulnerability without a fixed release is printed but does not fail the run: there is nothing to
upgrade to, and a pin cannot be changed to make it go away.

When the vulnerability service cannot be reached, pip-audit reports each package as "not found"
and, on its own, says "No known vulnerabilities found". That is not a pass: every package it could
not look up is counted and named as NOT AUDITED. The run still passes then, because an audit that
could not happen says nothing about the change under test, and a third-party outage must not block
every landing — unless CIRCLEUP_AUDIT_REQUIRED=1, which makes an incomplete audit fail.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def judge(report: dict | None, *, required: bool) -> tuple[int, list[str]]:
    """(exit status, lines to print) for a parsed report, or None when pip-audit wrote none."""
    if report is None:
        lines = ["pip-audit: NOT AUDITED — pip-audit wrote no report (see its messages above)"]
        return (1 if required else 0), lines
    lines: list[str] = []
    fixable, unfixed, skipped, audited = [], [], [], 0
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            if "editable" not in dependency["skip_reason"]:  # circleup itself, installed from this tree
                skipped.append(dependency["name"])
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            entry = (dependency["name"], dependency.get("version", "?"), vuln)
            (fixable if vuln.get("fix_versions") else unfixed).append(entry)
    for name, version, vuln in fixable:
        lines.append(f"pip-audit: VULNERABLE {name} {version}: {vuln['id']} — fixed in "
                     f"{', '.join(vuln['fix_versions'])}; raise the pin in pyproject.toml")
    for name, version, vuln in unfixed:
        lines.append(f"pip-audit: warning: {name} {version}: {vuln['id']} has no fixed release yet")
    if skipped:
        lines.append(f"pip-audit: NOT AUDITED {len(skipped)} of {len(skipped) + audited} packages (the vulnerability "
                     f"service did not know them or could not be reached): {', '.join(sorted(skipped))}")
    if not (fixable or unfixed or skipped):
        lines.append(f"pip-audit: {audited} packages audited, no known vulnerability")
    status = 1 if fixable or (required and skipped) else 0
    return status, lines


def main(argv: list[str]) -> int:
    path = Path(argv[1])
    try:
        report = json.loads(path.read_text())
    except (OSError, ValueError):
        report = None
    status, lines = judge(report, required=os.environ.get("CIRCLEUP_AUDIT_REQUIRED") == "1")
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
