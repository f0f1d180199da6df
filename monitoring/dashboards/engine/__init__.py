"""The dashboard engine: progress snapshots computed from approved values.

  method.py      the ESCAP formulas and the status classes, stated once, in plain Python
  figures.py     what the engine works with: a rule per indicator, a figure per snapshot
  indicators.py  indicator series in Python (SQLite's path, the reference)
  series.py      indicator series on PostgreSQL, computed and merged by one statement
  sql.py         the SQL text, in named constants
  sums.py        the roll-ups' sums, added up by the database
  activity.py    the reports and organisations behind each scope
  rollups.py     objectives, priorities, SDG goals, countries and the region
  store.py       writing snapshots, and keeping the table's statistics right
  locks.py       a lock per country and one for the region
  recompute.py   the recomputes: everything, what an approval touched, or a country's
                 counts alone (its commitments, monitoring/commitments/implementation.py,
                 and its enterprises' rating, monitoring/enterprises/figures.py)

When a recompute runs is decided outside the engine: monitoring/dashboards/schedule.py
and tasks.py.
"""

from monitoring.dashboards.engine.recompute import (
    recompute_all,
    recompute_country,
    recompute_counts,
)
from monitoring.dashboards.engine.store import tidy_snapshots

__all__ = ["recompute_all", "recompute_country", "recompute_counts", "tidy_snapshots"]
