"""What the simulated forum answers with when it refuses, and what it records of each request.

Kept apart from the forum itself (core) so the HTTP app can render them without importing it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SimulatorError(Exception):
    """A refusal, rendered by the app exactly as Discourse renders it."""

    def __init__(
        self,
        status: int,
        errors: list[str] | str,
        *,
        error_type: str | None = None,
        extras: dict | None = None,
        action: str | None = None,
    ) -> None:
        self.status = status
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        self.error_type = error_type
        self.extras = extras
        self.action = action
        super().__init__(f"{status}: {'; '.join(self.errors)}")

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.action:
            body["action"] = self.action
        body["errors"] = self.errors
        if self.error_type:
            body["error_type"] = self.error_type
        if self.extras:
            body["extras"] = self.extras
        return body


def not_found() -> SimulatorError:
    return SimulatorError(404, "The requested URL or resource could not be found.", error_type="not_found")


def invalid_access() -> SimulatorError:
    return SimulatorError(403, "You are not permitted to view the requested resource.", error_type="invalid_access")


def invalid_parameters(message: str) -> SimulatorError:
    return SimulatorError(400, message, error_type="invalid_parameters")


def validation_failed(errors: list[str] | str, action: str | None = None) -> SimulatorError:
    return SimulatorError(422, errors, action=action)


@dataclass
class RecordedRequest:
    """One API request as the simulator saw it, for bedevere-style assertions."""

    method: str
    path: str
    query: dict[str, Any]
    json: Any
    api_username: str | None
    status: int
    response: Any = None
