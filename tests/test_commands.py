"""The README's commands stop at once, with a message naming what is missing, when no Odoo 19 is
found (they never install Odoo from anywhere)."""

import os
import pathlib
import shutil
import socket
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def _pg_up(host, port):
    return (
        subprocess.run(["pg_isready", "-q", "-h", host, "-p", str(port)], check=False).returncode
        == 0
    )


@pytest.mark.parametrize("keep", [False, True])
def test_commands_stop_the_server_they_started_and_leave_no_throwaway_cluster(tmp_path, keep):
    """A command that had to start PostgreSQL stops it when it ends (unless HM_KEEP_PG=1), and a
    cluster it had to create outside the checkout (where the postgres user cannot reach the
    checkout, as with a clone in a private temporary folder) is removed with it."""
    if not shutil.which("pg_isready"):
        pytest.skip("PostgreSQL client tools are not installed")
    checkout = tmp_path / "clone"
    shutil.copytree(ROOT / "scripts", checkout / "scripts")
    port = _free_port()
    env = dict(os.environ, HM_STATE=str(checkout / ".state"), HM_DB_PORT=str(port))
    env.pop("HM_DB_HOST", None)
    env["HM_KEEP_PG"] = "1" if keep else "0"
    result = subprocess.run(
        [
            "bash",
            "-c",
            'source scripts/lib.sh; ensure_postgres; echo "$DB_HOST"; echo "$HM_PG_ROOT"',
        ],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    host, pg_root = result.stdout.split()
    try:
        assert _pg_up(host, port) is keep
        throwaway = not pg_root.startswith(str(checkout / ".state"))
        if not keep and throwaway:
            assert not pathlib.Path(pg_root).exists(), "the throwaway cluster is left behind"
    finally:
        if _pg_up(host, port):
            pg_ctl = pathlib.Path(
                subprocess.run(
                    ["bash", "-c", "source scripts/lib.sh; pg_bindir"],
                    cwd=checkout,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.strip()
            )
            runas = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
            subprocess.run(
                [*runas, str(pg_ctl / "pg_ctl"), "-D", f"{pg_root}/data", "-m", "fast", "stop"],
                capture_output=True,
                check=False,
            )
            shutil.rmtree(pg_root, ignore_errors=True)
