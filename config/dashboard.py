"""The `dashboard:` section of circleup.yaml: the moderators' web dashboard at /dashboard.

    dashboard:
      enabled: true                              # false: no /dashboard routes at all
      public_url: https://circleup.example.org   # where people reach circleup; the sign-in return address
      session_hours: 12                          # a sign-in lasts this long, however busy the moderator is
      sign_in_minutes: 10                        # time allowed to finish signing in at the forum

Its two secrets are not here but in the environment, like every other secret:
DISCOURSE_CONNECT_SECRET (the forum's `discourse_connect_provider_secrets` entry for this host) and
CIRCLEUP_SESSION_SECRET (signs the session cookie; the same value on every web process).
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate


class DashboardSchema(Schema):
    class Meta:
        unknown = RAISE

    enabled = fields.Bool(load_default=True)
    # Without it the return address is built from the request's Host header, which is right for
    # local use but not behind a proxy that rewrites it (and Discourse picks the secret by this host).
    public_url = fields.Url(load_default=None, allow_none=True, require_tld=False, schemes={"http", "https"})
    # An absolute limit, not an idle timeout. A role that ends ends the session sooner: a delivery
    # from the forum at once, otherwise the re-check every few minutes (README, Dashboard).
    session_hours = fields.Int(load_default=12, validate=validate.Range(min=1, max=24 * 14))
    # Discourse allows 30 minutes for its own nonces; two-factor sign-in fits well inside ten.
    sign_in_minutes = fields.Int(load_default=10, validate=validate.Range(min=1, max=60))
