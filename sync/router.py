"""Routes a stored event to every flow handler registered for its name (gidgethub-style).

Each flow module owns a `Router` and registers handlers with a decorator; the worker combines
them, so adding a flow never touches the edge or the worker:

    router = Router()

    @router.register("post_created")
    def thank_applicant(ctx: HandlerContext) -> None: ...
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from circleup.sync.context import HandlerContext

Handler = Callable[["HandlerContext"], None]


class Router:
    def __init__(self, *others: Router) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        for other in others:
            for name, handlers in other._handlers.items():
                self._handlers[name].extend(handlers)

    def register(self, *event_names: str) -> Callable[[Handler], Handler]:
        def decorator(func: Handler) -> Handler:
            for name in event_names:
                self._handlers[name].append(func)
            return func

        return decorator

    def handlers(self, event_name: str) -> list[Handler]:
        return list(self._handlers.get(event_name, ()))

    def handles(self, event_name: str) -> bool:
        return bool(self._handlers.get(event_name))

    @property
    def event_names(self) -> set[str]:
        return {name for name, handlers in self._handlers.items() if handlers}
