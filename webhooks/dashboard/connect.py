"""DiscourseConnect with Discourse as the identity provider: the protocol, and the nonces it needs.

    circleup ──302──▶ {forum}/session/sso_provider?sso=B64(nonce=…&return_sso_url=…)&sig=HEX
    forum    ──302──▶ return_sso_url?sso=B64(nonce=…&username=…&admin=…&moderator=…&groups=…)&sig=HEX

`sig` is the hex HMAC-SHA256 of the base64 text `sso` under the secret both sides share. An answer is
believed only if its signature verifies (in constant time) and it carries a nonce this site issued,
that has not expired and has not been used before: that is what stops a captured answer from being
replayed, and an answer minted for someone else's sign-in from being accepted here.
"""
from __future__ import annotations

import base64
import datetime as dt
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from sqlalchemy import delete

from circleup.integration.store import as_utc
from circleup.integration.store.dashboard import SignInNonce


class ConnectError(Exception):
    """An answer from the forum that must not sign anyone in; the message is safe to show."""

    def __init__(self, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.status = status


def signature(secret: str, sso: str) -> str:
    return hmac.new(secret.encode(), sso.encode(), hashlib.sha256).hexdigest()


def request_payload(secret: str, nonce: str, return_url: str) -> dict[str, str]:
    """The query parameters (`sso`, `sig`) asking the forum who is signed in."""
    sso = base64.b64encode(urlencode({"nonce": nonce, "return_sso_url": return_url}).encode()).decode()
    return {"sso": sso, "sig": signature(secret, sso)}


def read_answer(secret: str, sso: str, sig: str) -> dict[str, str]:
    """The fields of a signed answer; raises ConnectError unless the signature is the forum's."""
    if not sso or not sig:
        raise ConnectError("The forum's answer is incomplete (no sso or sig).", status=400)
    # compare_digest on the hex text: a forged sig learns nothing from how long the comparison took.
    if not hmac.compare_digest(signature(secret, sso).encode(), sig.strip().lower().encode()):
        raise ConnectError("The answer is not signed by the forum (wrong sig).")
    try:
        text = base64.b64decode(sso, validate=False).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise ConnectError("The forum's answer could not be decoded.", status=400) from None
    return {key: values[0] for key, values in parse_qs(text, keep_blank_values=True).items()}


def is_true(value: str | None) -> bool:
    """DiscourseConnect sends booleans as the strings "true" and "false"."""
    return (value or "").strip().lower() == "true"


@dataclass(frozen=True)
class Identity:
    """Who the forum says signed in."""

    user_id: int
    username: str
    name: str
    admin: bool
    moderator: bool
    groups: frozenset[str]  # lower-case group names

    @property
    def staff(self) -> bool:
        return self.admin or self.moderator

    @classmethod
    def from_answer(cls, fields: dict[str, str]) -> Identity:
        try:
            user_id = int(fields.get("external_id", ""))
        except ValueError:
            raise ConnectError("The forum's answer names no user (no external_id).", status=400) from None
        username = fields.get("username", "").strip()
        if not username:
            raise ConnectError("The forum's answer names no user (no username).", status=400)
        groups = frozenset(g.strip().lower() for g in fields.get("groups", "").split(",") if g.strip())
        return cls(user_id=user_id, username=username, name=fields.get("name", ""), admin=is_true(fields.get("admin")),
                   moderator=is_true(fields.get("moderator")), groups=groups)


class NonceStore:
    """Nonces kept on the server, each with an expiry, each redeemable once.

    They live in the database, which every web process of one installation shares: the process
    that receives the forum's answer is often not the one that sent the moderator there. Redeeming
    deletes the row and checks that one was deleted, in one statement, so two requests carrying
    the same answer cannot both succeed. Rows hold a hash of the nonce, never a usable one; expired
    rows are removed whenever a new sign-in starts.
    """

    def __init__(self, store, *, lifetime_s: float, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self.lifetime_s = lifetime_s
        self.clock = clock

    @staticmethod
    def _digest(nonce: str) -> str:
        return hashlib.sha256(nonce.encode()).hexdigest()

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), dt.UTC)

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(32)
        now = self._now()
        with self._store.session() as session:
            session.execute(delete(SignInNonce).where(SignInNonce.expires_at < now))
            session.add(SignInNonce(digest=self._digest(nonce), expires_at=now + dt.timedelta(seconds=self.lifetime_s)))
        return nonce

    def discard(self, nonce: str) -> None:
        """Forget a nonce that will not be used (the browser started a new sign-in)."""
        with self._store.session() as session:
            session.execute(delete(SignInNonce).where(SignInNonce.digest == self._digest(nonce)))

    def redeem(self, nonce: str) -> None:
        """Use a nonce up; raises ConnectError if it was not issued here, was used, or expired."""
        expires_at = None
        if nonce:
            with self._store.session() as session:
                expires_at = session.execute(
                    delete(SignInNonce).where(SignInNonce.digest == self._digest(nonce)).returning(SignInNonce.expires_at)
                ).scalar()
        if expires_at is None:
            raise ConnectError("This sign-in answer was already used, or was not asked for by this dashboard.")
        if self._now() > as_utc(expires_at):
            raise ConnectError("Signing in took too long; please start again.")
