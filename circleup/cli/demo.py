"""circleup demo: the whole service on a simulated forum, played by a scripted community."""
from __future__ import annotations

import logging

import click




@click.command()
@click.option("--timeout", type=click.FloatRange(min=1), default=20.0, show_default=True,
              help="Seconds to wait for each outcome before saying it did not happen.")
@click.option("--keep", is_flag=True, help="Keep the demo's instance folder (database, config, logs) afterwards.")
def demo(timeout: float, keep: bool) -> None:
    """Run circleup for real on a simulated Discourse and print the threads a scripted community leaves.

    Starts the simulator, `circleup serve` and `circleup worker` on SQLite in a temporary folder,
    sets the forum up, plays members applying, being approved, filling in their skills, proposing a
    learning circle and saying "I'm in" until it forms (and "I'm out"), applying to and being approved
    into Learning Ambassadors, and proposing and signing up for a Learning Clinic (each step only when
    its flow is registered in sync.FLOWS), printing what each did on the forum, then stops everything.
    Exits 1 if an outcome did not happen, keeping the folder to look into.
    """
    from circleup.demo import Demo, SubprocessRuntime
    from circleup.sync import flows

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the simulator's request log
    code = Demo(flows(), SubprocessRuntime(), out=click.echo, timeout=timeout, keep=keep).run()
    raise click.exceptions.Exit(code)
