"""A flow's pages on the moderators' dashboard, declared without a web framework.

Flows never import Flask: a flow declares its pages (what to read, which template shows it) and
its actions (what a form decides) as plain functions, and the dashboard (webhooks/dashboard) mounts
them behind its sign-in, CSRF checks and approver re-checks.

    Page(endpoint="applications_page", path="/applications", template="citizens/applications.html",
         load=applications, label="Applications")
    PageAction(endpoint="approve_application", path="/applications/<username>/approve", verb="approve",
               run=approve_from_dashboard, back_to="applications_page")

A page's template lives in the flow's `page_folder` under its own name (`citizens/applications.html`
is sync/citizens/pages/applications.html) and may extend "dashboard/base.html".
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class PageNotFound(LookupError):
    """Raised by a page's `load` when what its path names does not exist: the dashboard answers 404
    with the message."""


@dataclass(frozen=True)
class PageRequest:
    """What a page is shown for: a read-only database session, the services, the query string and
    the parts of its path (`<username>`)."""

    session: Any
    services: Any
    args: Mapping[str, str]
    params: Mapping[str, Any]


@dataclass(frozen=True)
class ActionRequest:
    """A form sent to an action: the citizens desk it decides at (its unit of work commits and
    enqueues), the form's fields, the path's parts, and who decided."""

    desk: Any
    form: Mapping[str, str]
    params: Mapping[str, Any]
    actor: str
    source: str


@dataclass(frozen=True)
class Page:
    endpoint: str  # its name under the dashboard, for links: url_for("dashboard.<endpoint>")
    path: str  # under /dashboard
    template: str
    load: Callable[[PageRequest], Mapping[str, Any]]  # the template's values
    label: str | None = None  # its place in the dashboard's navigation (None: reached by links only)


@dataclass(frozen=True)
class PageAction:
    endpoint: str
    path: str
    verb: str  # what it does, for the logs ("approve")
    run: Callable[[ActionRequest], Any]  # returns an Outcome (sync.citizens.service.Outcome's fields)
    back_to: str  # the page endpoint to go back to
    # For a decision that takes something from someone: (settings, form) → what will happen to them,
    # which the dashboard shows, naming them, before anything changes (None: nothing to confirm).
    confirm: Callable[[Any, Mapping[str, str]], str | None] | None = None
