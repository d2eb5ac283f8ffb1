"""The citizens flow's dashboard pages: the queue of applications, and the members, of one programme
at a time (`?programme=<name>`, citizens by default; tabs lead to the others) (sync.pages).

The forms carry the programme they decide for (a hidden `programme` field): the dashboard opens
that programme's desk, and checks the moderator approves for it."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from circleup.integration.store import MemberSkill, SkillKind
from circleup.sync.citizens.models import ApplicationStatus
from circleup.sync.citizens.programmes import Programme, UnknownProgramme, all_programmes, programme
from circleup.sync.citizens.service import applications, approve, decline, progress_of, revoke
from circleup.sync.pages import ActionRequest, Page, PageAction, PageNotFound, PageRequest

FOLDER = Path(__file__).resolve().parent / "pages"
# The queue moderators work through: undecided first, then what needs a second look.
QUEUE_ORDER = {ApplicationStatus.PENDING: 0, ApplicationStatus.APPROVAL_FAILED: 1}
CITIZEN_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.APPROVAL_FAILED, ApplicationStatus.REVOKED)


def applications_page(page: PageRequest) -> dict:
    shown = _programme_asked(page)
    status = page.args.get("status") or None
    if status not in (None, *ApplicationStatus.ALL):
        status = None
    rows = applications(page.session, status, shown.name)  # oldest first: first come, first decided
    rows.sort(key=lambda row: QUEUE_ORDER.get(row.status, 2))  # stable: keeps the age order within each
    return dict(rows=rows, status=status, statuses=ApplicationStatus.ALL, progress=progress_of(page.session, shown),
                skills=_skills_of(page.session, [row.member_id for row in rows]), **_tabs(page, shown))


def citizens_page(page: PageRequest) -> dict:
    shown = _programme_asked(page)
    rows = [row for row in applications(page.session, None, shown.name) if row.status in CITIZEN_STATUSES]
    rows.sort(key=lambda row: (CITIZEN_STATUSES.index(row.status), -(row.decided_at or row.applied_at).timestamp()))
    return dict(rows=rows, progress=progress_of(page.session, shown), **_tabs(page, shown))


def _programme_asked(page: PageRequest) -> Programme:
    try:
        return programme(page.services.settings, page.args.get("programme") or None)
    except UnknownProgramme as exc:
        raise PageNotFound(str(exc)) from None


def _tabs(page: PageRequest, shown: Programme) -> dict:
    """The programme shown, and every programme with its pending count for the tabs (one: no tabs)."""
    programmes = all_programmes(page.services.settings)
    tabs = [(p, progress_of(page.session, p).by_status[ApplicationStatus.PENDING]) for p in programmes] \
        if len(programmes) > 1 else []
    return dict(programme=shown, programme_tabs=tabs)


def _skills_of(session: Session, member_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """{member id: {"share": [...], "learn": [...]}}, in one query."""
    skills: dict[int, dict[str, list[str]]] = defaultdict(lambda: {SkillKind.SHARE: [], SkillKind.LEARN: []})
    if member_ids:
        query = select(MemberSkill).where(MemberSkill.member_id.in_(member_ids)).order_by(MemberSkill.skill)
        for row in session.scalars(query):
            skills[row.member_id].setdefault(row.kind, []).append(row.skill)
    return skills


def approve_application(request: ActionRequest):
    return approve(request.desk, request.params["username"], actor=request.actor, source=request.source)


def decline_application(request: ActionRequest):
    return decline(request.desk, request.params["username"], request.form.get("reason", ""), actor=request.actor,
                   source=request.source)


def revoke_citizen(request: ActionRequest):
    reason = " ".join(request.form.get("reason", "").split()) or None
    return revoke(request.desk, request.params["username"], actor=request.actor, source=request.source, reason=reason)


def decline_consequence(settings, form) -> str | None:
    if not " ".join(form.get("reason", "").split()):
        return None  # without a reason the decline is refused anyway, and says why: nothing to confirm
    chosen = _programme_of_form(settings, form)
    told = "in a reply under their application" if chosen.config.decline_notice == "reply" else "in a private message"
    return f"Their application to {chosen.title} is declined, and they are told this reason {told}."


def revoke_consequence(settings, form) -> str:
    chosen = _programme_of_form(settings, form)
    return (f"They stop being {chosen.a_member} and are removed from the {chosen.config.group} group, and with it "
            f"from the places only {chosen.members_noun} may see.")


def _programme_of_form(settings, form) -> Programme:
    try:
        return programme(settings, form.get("programme") or None)
    except UnknownProgramme:
        return programme(settings)  # the decision itself is refused, naming the programme; the question stays plain


PAGES = (
    Page("applications_page", "/applications", "citizens/applications.html", applications_page, label="Applications"),
    Page("citizens_page", "/citizens", "citizens/citizens.html", citizens_page, label="Citizens"),
)
ACTIONS = (
    PageAction("approve_application", "/applications/<username>/approve", "approve", approve_application,
               back_to="applications_page"),
    PageAction("decline_application", "/applications/<username>/decline", "decline", decline_application,
               back_to="applications_page", confirm=decline_consequence),
    PageAction("revoke_citizen", "/citizens/<username>/revoke", "revoke", revoke_citizen, back_to="citizens_page",
               confirm=revoke_consequence),
)
