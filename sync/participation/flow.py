"""The participation flow: the dashboard's Circles page and certificates of participation
(sync.participation.pages). It handles no events and has no settings of its own: it reads what the
matching, clinics and recognition flows stored, standing above them so that none of them reads another
to show it."""
from __future__ import annotations

from circleup.sync.flow import Flow
from circleup.sync.participation import pages
from circleup.sync.router import Router

flow = Flow(
    name="participation",
    router=Router(),
    pages=pages.PAGES,
    page_folder=pages.FOLDER,
)
