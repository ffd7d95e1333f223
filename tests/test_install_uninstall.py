"""Each addon installs alone on a fresh database (with its demo data) and uninstalls cleanly.

Runs Odoo in subprocesses against copies of the template database that ``scripts/test.sh``
builds (Odoo's modules ours depend on); the test database of the run is left alone.
"""

import os
import shlex
import subprocess

import pytest

ADDONS = {
    # addon: a table it creates, which must be gone after uninstall
    "hospital_marketing": "hospital_visit",
    "hospital_referral": "hospital_referral",
    "hospital_events": None,
    "hospital_dashboard": None,
}


def _odoo(*args, check=True):
    cmd = [*shlex.split(os.environ["HM_ODOO_CMD"]), *args]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=900)
    if check and result.returncode != 0:
        pytest.fail(f"{shlex.join(cmd)} failed:\n{result.stderr[-4000:]}")
    return result


def _query(conf_db, sql):
    from odoo.sql_db import db_connect  # odoo is configured by pytest-odoo

    with db_connect(conf_db).cursor() as cr:
        cr.execute(sql)
        return cr.fetchall()


@pytest.fixture(scope="module")
def env_vars():
    missing = [v for v in ("HM_ODOO_CONF", "HM_TEMPLATE_DB", "HM_ODOO_CMD") if v not in os.environ]
    if missing:
        pytest.fail(f"run through scripts/test.sh (missing {', '.join(missing)})")
    return os.environ["HM_ODOO_CONF"], os.environ["HM_TEMPLATE_DB"]


def _state(db, addon):
    return _query(db, f"SELECT state FROM ir_module_module WHERE name = '{addon}'")[0][0]


def test_install_one_by_one_then_uninstall_in_reverse(env_vars):
    """On a fresh copy of the template: install each addon alone on top of its dependencies
    (marketing, referral, events, dashboards, each with its demo data), then uninstall them in
    reverse order; each uninstall leaves the addons below installed and drops its own tables."""
    conf, template = env_vars
    db = f"{os.environ.get('HM_TEST_DB', 'hm_test')}_iu"  # concurrent runs get their own
    addons = list(ADDONS)
    _odoo("db", "-c", conf, "duplicate", "-f", template, db)
    try:
        for i, addon in enumerate(addons):
            _odoo(
                "-c",
                conf,
                "-d",
                db,
                "-i",
                addon,
                "--with-demo",
                "--stop-after-init",
                "--no-http",
                "--log-level=warn",
            )
            assert _state(db, addon) == "installed"
            for later in addons[i + 1 :]:
                assert _state(db, later) == "uninstalled", f"{addon} pulled in {later}"

        for i, addon in reversed(list(enumerate(addons))):
            _odoo("module", "uninstall", "-c", conf, "-d", db, addon)
            assert _state(db, addon) == "uninstalled"
            for below in addons[:i]:
                assert _state(db, below) == "installed", f"uninstalling {addon} removed {below}"
            table = ADDONS[addon]
            if table:
                gone = _query(db, f"SELECT to_regclass('{table}') IS NULL")
                assert gone == [(True,)], f"table {table} still exists after uninstalling {addon}"
        leftovers = _query(db, "SELECT model FROM ir_model WHERE model LIKE 'hospital.%'")
        assert leftovers == [], f"models left after uninstalling everything: {leftovers}"
    finally:
        _odoo("db", "-c", conf, "drop", db, check=False)
