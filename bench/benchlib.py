"""What the benchmarks share: timing, a scratch copy of the database dropped at the end, and
steps that are each a committed transaction, as in production."""

import contextlib
import time

import odoo
from odoo import api
from odoo.service import db
from odoo.tools import SQL


def timed(label, func):
    """``func()``, its result and the seconds it took, printed under ``label``."""
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<55} {elapsed:7.2f} s")
    return result, elapsed


def drop(database):
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(database)))


@contextlib.contextmanager
def scratch_copy(database, suffix):
    """The name of a fresh copy of ``database``, dropped when the block ends."""
    scratch = f"{database}_{suffix}"
    drop(scratch)
    db.exp_duplicate_database(database, scratch)
    try:
        yield scratch
    finally:
        odoo.modules.registry.Registry.delete(scratch)
        odoo.sql_db.close_db(scratch)
        drop(scratch)


def step(registry, label, func):
    """``func(env)`` in a transaction of its own, timed up to its commit."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        result, _elapsed = timed(label, lambda: (func(env), env.flush_all(), cr.commit())[0])
        return result
