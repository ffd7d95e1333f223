"""The README's run command serves Odoo with the three addons and the demo hospital, and every
demo login lands in the Marketing app (its home action opens a Marketing menu)."""

import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.request
from http.cookiejar import CookieJar

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
LOGINS = [
    "promoter",
    "promoter2",
    "leader",
    "office",
    "mkt_manager",
    "vp",
    "guidedesk",
    "finance",
    "treatment",
    "magazine",
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read().decode()

    def call(self, path, **params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            self.base + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=60) as response:
            reply = json.loads(response.read())
        assert "error" not in reply, reply.get("error")
        return reply["result"]


@pytest.fixture(scope="module")
def server():
    if "HM_ODOO_CONF" not in os.environ:
        pytest.fail("run through scripts/test.sh")
    port = _free_port()
    db = f"{os.environ.get('HM_TEST_DB', 'hm_test')}_run"
    env = dict(os.environ, HM_HTTP_PORT=str(port))
    state = pathlib.Path(os.environ.get("HM_STATE", ROOT / ".state"))
    state.mkdir(parents=True, exist_ok=True)
    log = open(state / f"run-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "run.sh"), "--db", db, "--reset"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if process.poll() is not None:
                pytest.fail(f"run.sh stopped ({process.returncode}); see {log.name}")
            try:
                status, _body = _Client(base).get("/web/login")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"run.sh did not serve /web/login within 10 minutes; see {log.name}")
            time.sleep(2)
        yield base, db
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        subprocess.run(
            [
                *os.environ["HM_ODOO_CMD"].split(),
                "db",
                "-c",
                os.environ["HM_ODOO_CONF"],
                "drop",
                db,
            ],
            capture_output=True,
            check=False,
        )


def test_serves_the_login_page(server):
    base, _db = server
    status, body = _Client(base).get("/web/login")
    assert status == 200
    assert 'name="login"' in body


@pytest.mark.parametrize("login", LOGINS)
def test_each_demo_login_lands_in_the_marketing_app(server, login):
    base, db = server
    client = _Client(base)
    session = client.call("/web/session/authenticate", db=db, login=login, password=login)
    assert session["uid"], f"{login} cannot log in with its login as password"
    assert session["home_action_id"], f"{login} has no home action"
    home = client.call("/web/action/run", action_id=session["home_action_id"])
    assert home, f"{login} has no Marketing menu to land on"
    menus = json.loads(client.get("/web/webclient/load_menus")[1])
    marketing = next(
        m for m in menus.values() if m.get("xmlid") == "hospital_marketing.menu_marketing_root"
    )
    app_actions = {m["actionID"] for m in menus.values() if m.get("appID") == marketing["id"]}
    assert home["id"] in app_actions, f"{login} lands outside the Marketing app"
