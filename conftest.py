"""Guards of the test run (pytest-odoo).

Odoo skips every browser test silently when Chromium or ``websocket-client`` is missing, and a
run with no test at all would look green. This plugin turns both into failures.
"""

import pytest

_skipped_browser_tests = []


def _is_browser_test(item):
    try:
        from odoo.tests import HttpCase
    except ImportError:  # pragma: no cover - odoo missing: collection fails anyway
        return False
    cls = getattr(item, "cls", None)
    return cls is not None and issubclass(cls, HttpCase)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _is_browser_test(item):
        _skipped_browser_tests.append(item.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if _skipped_browser_tests and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _skipped_browser_tests:
        terminalreporter.section("browser tests skipped (this fails the run)", sep="!", red=True)
        for nodeid in _skipped_browser_tests:
            terminalreporter.line(nodeid)
        terminalreporter.line(
            "Install Debian's chromium and the PyPI package websocket-client, and pass --odoo-http."
        )
