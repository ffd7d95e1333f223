"""The README's commands stop at once, with a message naming what is missing, when no Odoo 19 is
found (they never install Odoo from anywhere)."""

import os
import pathlib
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script", ["scripts/run.sh", "scripts/test.sh"])
def test_missing_odoo_stops_within_seconds_with_a_clear_message(script, tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "HM_STATE": str(tmp_path / "state"),
        "ODOO_PATH": str(tmp_path / "no-odoo-here"),
    }
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / script)], env=env, capture_output=True, text=True, timeout=60
    )
    assert time.monotonic() - started < 10
    assert result.returncode == 2
    assert "no Odoo source tree" in result.stderr
    assert not (tmp_path / "state").exists(), "nothing is created before Odoo is found"


def test_no_importable_odoo_names_every_way_to_provide_it(tmp_path):
    # a Python interpreter that cannot import odoo, no ODOO_PATH, no Debian package
    fake_python = tmp_path / "python3"
    fake_python.write_text("#!/bin/sh\nexit 1\n")
    fake_python.chmod(0o755)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHON": str(fake_python)}
    if pathlib.Path("/usr/lib/python3/dist-packages/odoo/release.py").exists():
        pytest.skip("the official Odoo package is installed on this machine")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts/run.sh")], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    for hint in ("ODOO_PATH", "import odoo.release", "Debian/Ubuntu package"):
        assert hint in result.stderr
