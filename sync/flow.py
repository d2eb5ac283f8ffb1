"""What a flow is: one package in sync/ that declares, next to its code, everything circleup needs
to run it.

    flow = Flow(
        name="clinics",                       # its section of circleup.yaml, its templates' folder,
                                              # its `circleup clinics …` commands
        router=router,                        # the events it handles
        config=ClinicsSchema,                 # the section's schema (marshmallow)
        templates=(TemplateSpec(...), ...),   # reply templates, with sample values for the start-up check
        requirements=forum_requirements,      # settings → what `circleup setup` creates and `doctor` checks
        jobs=register_jobs,                   # worker → registers its own jobs (receiving ids)
        result_hooks={"clinics.announced": announced},  # run when one of its outbox actions ends
        commands=(clinics_group,),            # click commands added to `circleup`
        pages=(Page(...),), page_actions=(PageAction(...),), page_folder=HERE / "pages",  # the dashboard's
        warm_up=load_models,                  # settings → loads, in the worker, what it would on first use
        feeds={"/clinics.ics": ("text/calendar", render_feed)},  # documents the web app serves
    )

Its tables are SQLAlchemy models in its own `models.py` (imported by its code, so by the time the
flow is loaded they are on the shared metadata and in Alembic's view). Adding a flow is its
package and one line in `sync.FLOWS`.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from circleup.integration.templates import TemplateSpec
from circleup.sync.router import Router

ResultHook = Callable[[Any, Any, bool], None]  # (session, action, ok)


@dataclass(frozen=True)
class Flow:
    name: str
    router: Router
    config: type | None = None  # a marshmallow Schema for the `name:` section of circleup.yaml
    # Further top-level keys the flow owns, each a marshmallow field (the citizens flow's `programmes:`).
    more_config: Mapping[str, Any] = field(default_factory=dict)
    config_check: Callable[[dict], None] | None = None  # checks across sections (the whole loaded file)
    # Its templates; or, when which ones depends on the configuration (one set per programme), a
    # function of the loaded file (a dict) that returns them.
    templates: Sequence[TemplateSpec] | Callable[[dict], Sequence[TemplateSpec]] = ()
    template_folder: Path | None = None  # holds `<name>/….j2`; templates_dir overrides them file by file
    requirements: Callable[[Any], list] | None = None
    jobs: Callable[[Any], None] | None = None
    result_hooks: Mapping[str, ResultHook] = field(default_factory=dict)
    commands: Sequence[Any] = ()  # click commands
    pages: Sequence[Any] = ()  # dashboard pages (sync.pages.Page), their templates in page_folder
    page_actions: Sequence[Any] = ()  # dashboard forms (sync.pages.PageAction)
    page_folder: Path | None = None
    # settings → loads now what its handlers would load on first use (a model, say); `circleup
    # worker` calls it before it takes jobs, so the first event after a start is not the slow one.
    warm_up: Callable[[Any], None] | None = None
    # Read-only documents the web app serves for the flow: path → (content type, services → bytes).
    feeds: Mapping[str, tuple[str, Callable[[Any], bytes]]] = field(default_factory=dict)
