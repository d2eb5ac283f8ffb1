"""The worker: turns stored events into flow decisions, and recorded actions into Discourse calls.

Three jobs run on Huey, each receiving ids, never objects:

* `process_event(event_pk)` claims the inbox row, runs every handler registered for its event name
  in one transaction (their state changes, audit entries and outbox actions commit together), then
  enqueues the batches of actions they recorded. `process_events(event_pks)` does the same for the
  rows the receiver stored in one commit.
* `perform_batch(batch)` performs a batch's actions in order through the Discourse client.
* `sweep()` (periodic, and once when a worker starts) re-enqueues what a dead worker dropped,
  retries what is due, and prunes old processed events.

A claimed event or action is leased (integration/leases.py): renewed while this process works on
it, taken over by another worker within worker.stuck_after_s (and a few seconds) once it dies.

Failures are sorted by class: `RetryLater` (budget spent, 429) reschedules without counting an
attempt; transient errors (5xx, timeouts, refused or dropped connections) retry with jittered
exponential backoff for worker.retry_for_s, the calls that look for an earlier write included;
unexpected errors (a bug) retry until worker.max_attempts; then the row is marked failed (visible
and replayable). `PermanentError` fails at once with Discourse's own message.
"""
from __future__ import annotations

import datetime as dt
import random
import threading
import time
import traceback
from collections.abc import Iterable

import structlog
from huey import crontab
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from circleup.integration import metrics
from circleup.integration.errors import PermanentError, RetryLater, TransientError, is_transient
from circleup.integration.leases import ACTION, EVENT, Leases
from circleup.integration.outbox import ActionKind, Performer, claim_next, reopen
from circleup.integration.queue import BatchingEnqueuer
from circleup.integration.services import Services
from circleup.integration.store import Action, ActionStatus, Event, EventStatus, as_utc, utcnow
from circleup.integration.unit_of_work import Work
from circleup.sync.context import HandlerContext
from circleup.sync.router import Router

log = structlog.get_logger("circleup.worker")


# How the worker marks the actions of a batch it stopped because an earlier one failed for good;
# a replay runs those again, unlike actions a flow cancelled on purpose.
CANCELLED_AFTER_FAILURE = "cancelled after "


class EventNotFinished(Exception):
    """`replay` of an event that is still waiting or being processed."""


class ActionNotFailed(Exception):
    """`retry` of an action that has not failed."""


def _cancelled_because(failed_key: str) -> str:
    return f"{CANCELLED_AFTER_FAILURE}{failed_key} failed"


def _cancelled_after_failure(action: Action) -> bool:
    reason = action.last_error or ""
    # "cancelled: KEY failed" is how the worker marked these before the two kinds were told apart.
    return reason.startswith(CANCELLED_AFTER_FAILURE) or (reason.startswith("cancelled: ") and reason.endswith(" failed"))


def backoff_delay(attempts: int, base: float, cap: float) -> float:
    """Exponential backoff: base, 2·base, 4·base … capped."""
    return min(cap, base * (2 ** max(0, attempts - 1)))


def jittered(delay: float) -> float:
    """Between half and all of `delay`: the retries of many jobs that failed together (an outage)
    spread out instead of arriving at the forum at the same moment."""
    return delay * random.uniform(0.5, 1.0)


class Worker:
    """Job bodies, bound to one process's services and router. Registers its tasks on the Huey."""

    def __init__(self, services: Services, router: Router, flows: Iterable = ()) -> None:
        self.services = services
        self.router = router
        self.settings = services.settings
        self._performer: Performer | None = None
        self._leases: Leases | None = None
        self._takeover: threading.Thread | None = None
        self._takeover_lock = threading.Lock()
        self._stopping = threading.Event()
        self._jobs: dict[str, object] = {}
        huey = services.huey
        self._process_task = huey.task(name="circleup.process_event")(self.process_event)
        self._process_many_task = huey.task(name="circleup.process_events")(self.process_events)
        self._enqueuer = BatchingEnqueuer(self.enqueue_events)
        self._batch_task = huey.task(name="circleup.perform_batch")(self.perform_batch)
        every = services.settings.worker.sweep_every_minutes
        self._sweep_task = huey.periodic_task(crontab(minute=f"*/{every}"), name="circleup.sweep")(self.sweep)
        # What runs when an action a flow recorded with `on_result=NAME` is done or has failed.
        self._result_hooks = {name: hook for flow in flows for name, hook in flow.result_hooks.items()}
        # Only a consumer (`circleup worker`) starts: the web processes build a Worker to enqueue.
        huey.on_startup(name="circleup.takeover")(self.start_takeover)
        for flow in flows:
            if flow.jobs is not None:
                flow.jobs(self)
        services.dispatcher = self

    # -- flow jobs ------------------------------------------------------------------------------
    def job(self, name: str, *, periodic=None):
        """Register a flow's own job (by name, receiving ids). `periodic` is a huey crontab."""

        def decorator(func):
            if periodic is not None:
                self._jobs[name] = self.services.huey.periodic_task(periodic, name=name)(func)
            else:
                self._jobs[name] = self.services.huey.task(name=name)(func)
            return func

        return decorator

    def dispatch(self, work: Work) -> None:
        """Enqueue what a unit of work committed (its batches, then its jobs)."""
        self.enqueue_batches(work.batches)
        for job in work.jobs:
            self.enqueue_job(job.name, *job.args, delay=job.delay)

    def enqueue_job(self, name: str, *args, delay: float = 0) -> None:
        task = self._jobs[name]
        if delay > 0:
            task.schedule(args, delay=delay)
        else:
            task(*args)

    # -- enqueueing (called after the transaction that made the work has committed) ---------------
    def enqueue_event(self, event_pk: int, delay: float = 0) -> None:
        if delay > 0:
            self._process_task.schedule((event_pk,), delay=delay)
        else:
            self._process_task(event_pk)

    def enqueue_events_soon(self, event_pks: list[int]) -> None:
        """For the receiver's inbox, after its commit: the ids are only handed over, and a
        background thread enqueues them, many to a job (see BatchingEnqueuer)."""
        self._enqueuer.add(event_pks)

    def flush_enqueued(self, timeout: float = 30.0) -> bool:
        """Wait until the ids handed to enqueue_events_soon are in the queue."""
        return self._enqueuer.flush(timeout)

    def enqueue_events(self, event_pks: list[int]) -> None:
        """One job for several events (one enqueue, not N); each is still processed on its own."""
        if len(event_pks) == 1:
            self._process_task(event_pks[0])
        elif event_pks:
            self._process_many_task(list(event_pks))

    def enqueue_batch(self, batch: str, delay: float = 0) -> None:
        if delay > 0:
            self._batch_task.schedule((batch,), delay=delay)
        else:
            self._batch_task(batch)

    def enqueue_batches(self, batches: Iterable[str]) -> None:
        for batch in dict.fromkeys(batches):
            self.enqueue_batch(batch)

    @property
    def performer(self) -> Performer:
        if self._performer is None:
            self._performer = Performer(self.services.client, self.settings.bot_username)
        return self._performer

    @property
    def _stuck_after(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.settings.worker.stuck_after_s)

    @property
    def leases(self) -> Leases:
        if self._leases is None:
            self._leases = Leases(self.services.store, self.settings.worker.stuck_after_s)
        return self._leases

    # -- events ---------------------------------------------------------------------------------
    def process_events(self, event_pks: list[int]) -> list[str]:
        """Each event on its own, as if enqueued alone: one's failure or wait never holds another."""
        outcomes = []
        for event_pk in event_pks:
            try:
                outcomes.append(self.process_event(event_pk))
            except Exception as exc:  # noqa: BLE001 - the row stays open; the sweeper enqueues it again
                log.warning("event.not_processed", event_pk=event_pk, error=_describe(exc))
                outcomes.append("error")
        return outcomes

    def process_event(self, event_pk: int) -> str:
        try:
            return self._process_event(event_pk)
        finally:
            self.leases.release(EVENT, event_pk)  # claimed (and leased) by _claim_event

    def _process_event(self, event_pk: int) -> str:
        log_ = log.bind(event_pk=event_pk)
        if not self._claim_event(event_pk):
            log_.debug("event.not_claimed")
            return "skipped"
        started = time.perf_counter()
        failure: Exception | None = None
        work = Work()
        try:
            # What the handlers that succeeded recorded is committed, and enqueued by the unit of work,
            # whatever the others did.
            with self.services.unit_of_work(event_pk=event_pk, source=f"event:{event_pk}") as uow:
                event = uow.session.get(Event, event_pk)
                log_ = log_.bind(event_id=event.event_id, event_name=event.event_name)
                structlog.contextvars.bind_contextvars(event_pk=event_pk, event_id=event.event_id)
                ctx = HandlerContext(event=event, uow=uow, services=self.services)
                handlers = self.router.handlers(event.event_name)
                failure = self._run_handlers(handlers, ctx)
                if failure is None:
                    event.status = EventStatus.PROCESSED if handlers else EventStatus.IGNORED
                    event.processed_at = utcnow()
                    event.last_error = None
                    event.not_before = None
                    event.failing_since = None
            work = uow.committed or work
        except RetryLater as exc:
            self._event_retry_later(event_pk, exc)
            log_.info("event.retry_later", delay=exc.delay, reason=exc.reason)
            return "deferred"
        except Exception as exc:  # noqa: BLE001 - every failure must be recorded, never lost
            failure = exc
        finally:
            structlog.contextvars.unbind_contextvars("event_pk", "event_id")
        if failure is not None:
            outcome = self._event_failed(event_pk, failure)
            metrics.JOBS.labels(job="process_event", outcome=outcome).inc()
            log_.warning("event.error", outcome=outcome, error=_describe(failure))
            return outcome
        elapsed = time.perf_counter() - started
        metrics.JOBS.labels(job="process_event", outcome="ok").inc()
        metrics.JOB_SECONDS.labels(job="process_event").observe(elapsed)
        log_.info("event.processed", batches=sorted(work.batches), seconds=round(elapsed, 4))
        return "processed"

    def _run_handlers(self, handlers, ctx: HandlerContext) -> Exception | None:
        """Run each flow's handler in a savepoint, so one flow's failure never undoes another's work.

        Returns the first failure (the event is then retried or failed as a whole; handlers are
        idempotent, so those that succeeded do nothing new the next time). RetryLater still
        rolls everything back: the event waits and runs again in full.
        """
        failure = None
        for handler in handlers:
            try:
                with ctx.uow.savepoint():
                    handler(ctx)
            except RetryLater:
                raise
            except Exception as exc:  # noqa: BLE001 - recorded on the event below
                log.warning("handler.error", handler=f"{handler.__module__}.{handler.__qualname__}", error=_describe(exc))
                failure = failure or exc
        return failure

    def _claim_event(self, event_pk: int) -> int | None:
        """Claim the event and lease it to this process; returns the claim's token (the attempt), or
        None when it is not ready or another worker holds a live lease on it."""
        now = utcnow()
        with self.services.store.session() as session:
            result = session.execute(
                update(Event)
                .where(
                    Event.id == event_pk,
                    or_(
                        Event.status == EventStatus.RECEIVED,
                        (Event.status == EventStatus.PROCESSING) & (Event.started_at < now - self._stuck_after),
                    ),
                    or_(Event.not_before.is_(None), Event.not_before <= now),
                )
                .values(status=EventStatus.PROCESSING, started_at=now, attempts=Event.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                return None
            token = session.scalar(select(Event.attempts).where(Event.id == event_pk))
        self.leases.hold(EVENT, event_pk, token)
        return token

    def _event_retry_later(self, event_pk: int, exc: RetryLater) -> None:
        with self.services.store.session() as session:
            event = session.get(Event, event_pk)
            event.status = EventStatus.RECEIVED
            event.attempts = max(0, event.attempts - 1)  # waiting for a budget is not a failure
            event.not_before = utcnow() + dt.timedelta(seconds=exc.delay)
            event.last_error = f"waiting: {exc}"
        self.enqueue_event(event_pk, delay=exc.delay + 0.01)

    def _gives_up(self, exc: Exception, attempts: int, failing_since: dt.datetime | None) -> bool:
        """Whether this failure is the last: permanent errors at once; transient ones once they have
        gone on for worker.retry_for_s (and max_attempts tries); unexpected ones after max_attempts."""
        worker_settings = self.settings.worker
        if isinstance(exc, PermanentError):
            return True
        if attempts < worker_settings.max_attempts:
            return False
        if is_transient(exc):
            failing_for = (utcnow() - (as_utc(failing_since) or utcnow())).total_seconds()
            return failing_for >= worker_settings.retry_for_s
        return True

    def _retry_delay(self, attempts: int) -> float:
        worker_settings = self.settings.worker
        return jittered(backoff_delay(attempts, worker_settings.retry_backoff_s, worker_settings.retry_backoff_max_s))

    def _event_failed(self, event_pk: int, exc: Exception) -> str:
        with self.services.store.session() as session:
            event = session.get(Event, event_pk)
            event.last_error = _describe(exc)
            event.failing_since = event.failing_since or utcnow()
            if self._gives_up(exc, event.attempts, event.failing_since):
                event.status = EventStatus.FAILED
                event.processed_at = utcnow()
                return "failed"
            delay = self._retry_delay(event.attempts)
            event.status = EventStatus.RECEIVED
            event.not_before = utcnow() + dt.timedelta(seconds=delay)
        # Lost-update races (two handlers inserting the same outbox key) resolve on the retry.
        self.enqueue_event(event_pk, delay=delay + 0.01)
        return "retry"

    def replay_event(self, event_pk: int) -> None:
        """Put a finished event (failed, usually) back in the queue; its actions keep their keys.

        Its failed actions run again, and so do those cancelled because one of them failed; an
        action a flow cancelled on purpose (a grant after the citizenship was revoked) stays
        cancelled. An event still waiting or being processed is refused: queueing it again would
        let a second worker take it while the first still runs it.
        """
        with self.services.store.session() as session:
            # Conditional, so a worker claiming the event at the same moment cannot be overtaken.
            replayed = session.execute(
                update(Event).where(Event.id == event_pk, Event.status.in_(EventStatus.FINISHED))
                .values(status=EventStatus.RECEIVED, attempts=0, not_before=None, last_error=None, failing_since=None)
            ).rowcount
            if not replayed:
                event = session.get(Event, event_pk)
                if event is None:
                    raise LookupError(f"no event with id {event_pk}")
                raise EventNotFinished(
                    f"event {event_pk} is {event.status}, not finished: it will be processed (or fail) on its own; "
                    "replay it once it has failed or been processed")
            reopened = [
                action for action in session.scalars(
                    select(Action).where(Action.event_pk == event_pk,
                                         Action.status.in_([ActionStatus.FAILED, ActionStatus.CANCELLED]))
                )
                if action.status == ActionStatus.FAILED or _cancelled_after_failure(action)
            ]
            for action in reopened:
                reopen(action)
            batches = {a.batch for a in reopened}
        self.enqueue_event(event_pk)
        self.enqueue_batches(batches)

    def retry_action(self, action_id: int) -> str:
        """Run a failed action again, with the rest of its batch that its failure cancelled.

        For actions no event caused (a decision from the CLI or the dashboard, a directory
        edit); an event's actions also run again with `replay_event`. Returns the batch.
        """
        with self.services.store.session() as session:
            action = session.get(Action, action_id)
            if action is None:
                raise LookupError(f"no action with id {action_id}")
            if action.status != ActionStatus.FAILED:
                raise ActionNotFailed(f"action {action_id} is {action.status}: only a failed action is retried")
            if action.event_pk is not None:
                # The event is listed as failed until it is replayed; a replay also runs this action.
                raise ActionNotFailed(f"action {action_id} belongs to event {action.event_pk}: "
                                      f"replay that with `circleup events replay {action.event_pk}`")
            cancelled_by_it = session.scalars(select(Action).where(
                Action.batch == action.batch, Action.status == ActionStatus.CANCELLED,
                Action.last_error == _cancelled_because(action.key),
            )).all()
            for reopened in (action, *cancelled_by_it):
                reopen(reopened)
            batch = action.batch
        self.enqueue_batch(batch)
        return batch

    # -- actions --------------------------------------------------------------------------------
    def perform_batch(self, batch: str) -> str:
        """Perform a batch's open actions in order until it is done or must wait."""
        store = self.services.store
        while True:
            with store.session() as session:
                waiting = session.scalar(
                    select(Action)
                    .where(Action.batch == batch, Action.status.in_(ActionStatus.OPEN))
                    .order_by(Action.seq, Action.id)
                    .limit(1)
                )
                if waiting is None:
                    return "done"
                not_before = as_utc(waiting.not_before)
                if waiting.status == ActionStatus.PENDING and not_before and not_before > utcnow():
                    delay = (not_before - utcnow()).total_seconds()
                    self.enqueue_batch(batch, delay=delay + 0.01)
                    return "waiting"
                action = claim_next(session, batch, stuck_after=self._stuck_after)
                if action is None:
                    return "held"  # another worker has it in flight
                key, action_id, attempts = action.key, action.id, action.attempts
            log_ = log.bind(action=key, attempt=attempts)
            started = time.perf_counter()
            with store.session() as session:
                action = session.get(Action, action_id)  # usable after the session closes
            try:
                # No transaction is open during the call: SQLite would hold its write lock meanwhile.
                with self.leases.held(ACTION, action_id, attempts):
                    result = self.performer.perform(action, resolve_post=self._post_id_of, may_have_run=attempts > 1,
                                                    recorded_posts=self._recorded_posts)
                    lost = self.leases.lost(ACTION, action_id)
            except RetryLater as exc:
                self._action_wait(action_id, exc)
                log_.info("action.retry_later", delay=exc.delay, reason=exc.reason)
                metrics.JOBS.labels(job="perform_action", outcome="deferred").inc()
                return "waiting"
            except PermanentError as exc:
                self._action_failed(action_id, exc)
                log_.warning("action.failed", error=_describe(exc))
                metrics.JOBS.labels(job="perform_action", outcome="failed").inc()
                continue  # the rest of the batch was cancelled; the loop ends on the next query
            except Exception as exc:  # noqa: BLE001 - transient and unexpected errors retry with backoff
                with store.session() as session:
                    failing_since = session.scalar(select(Action.failing_since).where(Action.id == action_id))
                if self._gives_up(exc, attempts, failing_since):
                    self._action_failed(action_id, exc)
                    log_.warning("action.failed", error=_describe(exc))
                    metrics.JOBS.labels(job="perform_action", outcome="failed").inc()
                    continue
                delay = self._retry_delay(attempts)
                self._action_wait(action_id, RetryLater(delay, _describe(exc)), count_attempt=True)
                log_.info("action.retry", delay=round(delay, 3), error=_describe(exc))
                metrics.JOBS.labels(job="perform_action", outcome="retry").inc()
                return "retry"
            with store.session() as session:
                action = session.get(Action, action_id, with_for_update=True)
                if lost or action.status != ActionStatus.IN_FLIGHT or action.attempts != attempts:
                    # Another worker took it over when this one's lease ran out; it finishes the action
                    # (finding this call's post by its marker) and records the outcome once.
                    log_.warning("action.lease_lost", result=result)
                    return "lost"
                action.status = ActionStatus.DONE
                action.result = result
                action.done_at = utcnow()
                action.last_error = None
                action.not_before = None
                action.failing_since = None
                self._run_result_hook(session, action, True)
            elapsed = time.perf_counter() - started
            metrics.JOBS.labels(job="perform_action", outcome="ok").inc()
            metrics.JOB_SECONDS.labels(job="perform_action").observe(elapsed)
            log_.info("action.done", kind=action.kind, result=result, seconds=round(elapsed, 4))

    def _action_wait(self, action_id: int, exc: RetryLater, *, count_attempt: bool = False) -> None:
        with self.services.store.session() as session:
            action = session.get(Action, action_id)
            action.status = ActionStatus.PENDING
            if not count_attempt:
                action.attempts = max(0, action.attempts - 1)
            else:  # a failure, not a wait: the run of failures being retried began now, or earlier
                action.failing_since = action.failing_since or utcnow()
            action.not_before = utcnow() + dt.timedelta(seconds=exc.delay)
            action.last_error = str(exc)
            batch = action.batch
        self.enqueue_batch(batch, delay=exc.delay + 0.01)

    def _action_failed(self, action_id: int, exc: Exception) -> None:
        with self.services.store.session() as session:
            action = session.get(Action, action_id)
            action.status = ActionStatus.FAILED
            action.last_error = _describe(exc)
            action.done_at = utcnow()
            later = session.scalars(
                select(Action).where(
                    Action.batch == action.batch, Action.status.in_(ActionStatus.OPEN), Action.id != action.id
                )
            ).all()
            for other in later:
                other.status = ActionStatus.CANCELLED
                other.last_error = _cancelled_because(action.key)
            self._run_result_hook(session, action, False)
            if action.event_pk is not None:
                event = session.get(Event, action.event_pk)
                if event is not None:
                    event.last_error = f"action {action.key} failed: {action.last_error}"
                    if event.status == EventStatus.PROCESSED:
                        # What it set out to do did not happen: list it with the failed events,
                        # where `circleup events replay` (or the dashboard) takes it up again.
                        event.status = EventStatus.FAILED

    def _run_result_hook(self, session, action: Action, ok: bool) -> None:
        """Runs in the transaction that records the action's outcome."""
        if action.on_result:
            hook = self._result_hooks.get(action.on_result)
            if hook is None:
                raise LookupError(f"action {action.key} names result hook {action.on_result!r}, which no flow declares")
            hook(session, action, ok)

    def _recorded_posts(self, since: dt.datetime) -> list[dict]:
        """The results of posts (and topics, messages) circleup recorded as made since then: when an
        action looks for a post it may have made, these are known not to be it."""
        with self.services.store.session() as session:
            results = session.scalars(select(Action.result).where(
                Action.kind.in_(ActionKind.POSTING), Action.status == ActionStatus.DONE, Action.done_at >= since,
            )).all()
        return [r for r in results if r]

    def _post_id_of(self, key: str) -> int | None:
        with self.services.store.session() as session:
            action = session.scalar(select(Action).where(Action.key == key))
            if action is None or action.status != ActionStatus.DONE or not action.result:
                return None
            return action.result.get("post_id")

    # -- taking over a dead worker's work ---------------------------------------------------------
    def start_takeover(self) -> None:
        """Start (once per process) the timer that takes over work whose lease has run out.

        The periodic sweep runs once a minute at best; a killed worker's event or action must be
        taken over sooner, so every worker process looks for expired leases every few seconds.
        """
        with self._takeover_lock:  # every consumer thread runs the start-up hooks
            if self._takeover is not None and self._takeover.is_alive():
                return
            self._stopping.clear()
            self._takeover = threading.Thread(target=self._takeover_loop, name="circleup-takeover", daemon=True)
            self._takeover.start()
        self.services.on_close(self.stop_takeover)

    def stop_takeover(self) -> None:
        self._stopping.set()

    @property
    def takeover_every_s(self) -> float:
        return max(0.2, min(10.0, self.settings.worker.stuck_after_s / 3))

    def _takeover_loop(self) -> None:
        while not self._stopping.wait(self.takeover_every_s):
            try:
                self.take_over()
            except Exception as exc:  # noqa: BLE001 - the database or queue may be away: next round
                log.warning("takeover.error", error=_describe(exc))

    def take_over(self) -> dict[str, int]:
        """Enqueue the events and batches whose lease ran out: their worker is gone."""
        now = utcnow()
        with self.services.store.session() as session:
            events = session.scalars(select(Event.id).where(
                Event.status == EventStatus.PROCESSING, Event.started_at < now - self._stuck_after).limit(1000)).all()
            batches = session.scalars(select(Action.batch).where(
                Action.status == ActionStatus.IN_FLIGHT, Action.not_before < now).distinct().limit(1000)).all()
        for event_pk in events:
            self.enqueue_event(event_pk)
        self.enqueue_batches(batches)
        if events or batches:
            metrics.TAKEOVERS.inc(len(events) + len(batches))
            log.info("takeover", events=len(events), batches=len(batches))
        return {"events": len(events), "batches": len(batches)}

    # -- sweeping -------------------------------------------------------------------------------
    def sweep(self, grace_s: float = 5.0) -> dict[str, int]:
        """Re-enqueue dropped work, prune old events; safe to run on every worker at once.

        Work younger than `grace_s` is left alone: its own job is most likely still on the way.
        Re-enqueueing it anyway would be harmless (jobs claim their rows atomically), just wasted.
        """
        now = utcnow()
        grace = dt.timedelta(seconds=grace_s)
        stuck_before = now - self._stuck_after
        store = self.services.store
        with store.session() as session:
            events = session.scalars(
                select(Event.id).where(
                    or_(
                        (Event.status == EventStatus.RECEIVED)
                        & or_(Event.not_before.is_(None), Event.not_before <= now)
                        & (Event.received_at <= now - grace),
                        (Event.status == EventStatus.PROCESSING) & (Event.started_at < stuck_before),
                    )
                ).limit(1000)
            ).all()
            batches = session.scalars(
                select(Action.batch)
                .where(
                    Action.status.in_(ActionStatus.OPEN),
                    or_(Action.not_before.is_(None), Action.not_before <= now),
                    Action.created_at <= now - grace,
                )
                .distinct()
                .limit(1000)
            ).all()
            cutoff = now - dt.timedelta(days=self.settings.worker.retention_days)
            pruned = session.execute(
                delete(Event)
                .where(Event.status.in_([EventStatus.PROCESSED, EventStatus.IGNORED]), Event.processed_at < cutoff)
                .execution_options(synchronize_session=False)
            ).rowcount
        for event_pk in events:
            self.enqueue_event(event_pk)
        self.enqueue_batches(batches)
        counts = {"events": len(events), "batches": len(batches), "pruned": pruned or 0}
        if any(counts.values()):
            log.info("sweep", **counts)
        return counts




def _describe(exc: BaseException) -> str:
    if isinstance(exc, (PermanentError, TransientError, RetryLater)):
        return f"{type(exc).__name__}: {exc}"
    if isinstance(exc, (IntegrityError, OperationalError)):
        return f"{type(exc).__name__}: {str(exc.orig)[:500]}"
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno}" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"[:2000]
