"""Writing generated rows into a benchmark database fast, timing each step.

The seeders (``queue_seed``, ``sla_seed``) write hundreds of thousands of rows with SQL in one
transaction, then vacuum and checkpoint so that the measured queries meet the planner statistics
and the quiet disk a long-running desk has.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.peer import db

# A bulk load: the foreign keys are right by construction (the seeders read the ids from the
# reference tables first), so their per-row triggers, deferred to the commit, are skipped.
BULK_SETTINGS = (
    "SET LOCAL session_replication_role = replica",
    "SET LOCAL maintenance_work_mem = '256MB'",
    "SET LOCAL work_mem = '64MB'",
)


class BulkLoad:
    """``with BulkLoad(t, database, log) as load:`` one transaction with the bulk settings, committed
    (and timed) on a clean exit, rolled back otherwise; ``load.settle()`` afterwards."""

    def __init__(self, t: db.Target, database: str, log: Callable[[str], object]) -> None:
        self.t, self.database, self.log = t, database, log
        self.timings: dict[str, float] = {}

    def __enter__(self) -> BulkLoad:
        self.conn = self.t.connect(self.database, autocommit=False)
        self.cursor = self.conn.cursor()
        for setting in BULK_SETTINGS:
            self.cursor.execute(setting)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.timed("commit_s", self.conn.commit)
        finally:
            self.conn.close()

    def timed(self, name: str, work: Callable[[], object]):
        started = time.monotonic()
        result = work()
        self.timings[name] = round(time.monotonic() - started, 2)
        self.log(f"    {name}: {self.timings[name]} s")
        return result

    def step(self, name: str, query: str, params=None) -> int:
        """Run ``query`` as the timed step ``name``; the rows it wrote."""
        self.timed(name, lambda: self.cursor.execute(query, params))
        return self.cursor.rowcount

    def settle(self) -> dict[str, float]:
        """VACUUM ANALYZE and CHECKPOINT after the commit; the timings, with their total."""
        conn = self.t.connect(self.database, autocommit=True)
        try:
            with conn.cursor() as cursor:
                self.timed("vacuum_analyze_s", lambda: cursor.execute("VACUUM ANALYZE"))
                self.timed("checkpoint_s", lambda: cursor.execute("CHECKPOINT"))
        finally:
            conn.close()
        self.timings["total_s"] = round(sum(self.timings.values()), 2)
        return self.timings
