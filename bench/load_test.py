"""Load test (not part of the test run; localhost only, bounded): a multi-worker Odoo server on a
scratch copy of the database, driven by concurrent users the way the web client and the HIS
drive it:

- promoters (their own logins) registering referral cases and logging visits (``web_save``),
- team leaders opening the case and visit lists (``web_search_read``) and the grouped figures
  of a dashboard (``formatted_read_group``),
- the HIS posting batches of bills to its API with an API key, each batch sent twice (the second
  answer must be "unchanged" for every bill).

Afterwards it checks from the database that every write landed exactly once (no lost, no doubled
case, visit or bill) and prints the latency per kind of request (p50, p95, max). Exit status 1 on
any error or mismatch.

    python3 bench/load_test.py -c CONF -d DB [--users 50] [--iterations 10] [--workers 4]
"""

import argparse
import datetime
import os
import pathlib
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from benchlib import scratch_copy

import odoo
from odoo import api
from odoo.tools import config

BATCH = 50
PHONE_PREFIX = "1770"  # 177 0xxx xxxx: the generated patients' phones
LIST_SPEC = {"name": {}, "state": {}, "registered_at": {}, "referring_partner_id": {}}


def prepare(env, promoters):
    """Promoter logins (password = login) in the demo promoter's team, the HIS integration user
    and its API key, the partners and the department the load uses; all in the demo
    hospital's company (a company of its own)."""
    demo = env.ref("hospital_marketing.demo_emp_promoter")
    company = demo.company_id
    env = env(context=dict(env.context, allowed_company_ids=company.ids))
    in_company = {"company_id": company.id, "company_ids": [(6, 0, company.ids)]}
    group = env.ref("hospital_marketing.group_marketing_promoter")
    users = env["res.users"].create(
        [
            {
                "name": f"Load promoter {i}",
                "login": f"load_promoter_{i}",
                "password": f"load_promoter_{i}",
                "group_ids": [(4, group.id)],
                **in_company,
            }
            for i in range(promoters)
        ]
    )
    env["hr.employee"].create(
        [
            {
                "name": user.name,
                "user_id": user.id,
                "company_id": company.id,
                "hm_marketing_role": "promoter",
                "hm_marketing_team_id": demo.hm_marketing_team_id.id,
            }
            for user in users
        ]
    )
    his = env["res.users"].create(
        {
            "name": "Load HIS",
            "login": "load_his",
            "group_ids": [(4, env.ref("hospital_referral.group_his_integration").id)],
            **in_company,
        }
    )
    key = (
        env["res.users.apikeys"]
        .with_user(his)
        .sudo()
        ._generate(None, "load test", datetime.datetime.now() + datetime.timedelta(days=1))
    )
    leader = env.ref("hospital_marketing.demo_user_leader")
    leader.password = "leader"
    partners = env["res.partner"].search(
        [
            ("referral_partner_kind", "!=", False),
            ("is_company", "=", True),
            ("company_id", "in", [company.id, False]),
        ],
        limit=5,
    )
    department = env["hospital.clinical.department"].search(
        [("code", "!=", False), ("company_id", "in", [company.id, False])], limit=1
    )
    return {
        "promoters": users.mapped("login"),
        "leader": leader.login,
        "key": key,
        "partners": partners.ids,
        "department": department.code,
    }


class Client:
    """One user of the web client: a session, JSON-RPC calls, their latencies and errors."""

    def __init__(self, url, db, stats):
        self.url, self.db, self.stats = url, db, stats
        self.http = requests.Session()

    def _post(self, kind, path, payload, headers=None):
        start = time.perf_counter()
        try:
            response = self.http.post(self.url + path, json=payload, headers=headers, timeout=120)
            body = response.json()
            ok = response.status_code == 200 and "error" not in body
        except (requests.RequestException, ValueError) as error:
            body, ok = {"error": repr(error)}, False
        self.stats.record(kind, time.perf_counter() - start, None if ok else body)
        return body if ok else None

    def login(self, login):
        params = {"db": self.db, "login": login, "password": login}
        return self._post("login", "/web/session/authenticate", {"params": params})

    def call(self, kind, model, method, *args, **kwargs):
        payload = {"params": {"model": model, "method": method, "args": args, "kwargs": kwargs}}
        body = self._post(kind, f"/web/dataset/call_kw/{model}/{method}", payload)
        return body and body["result"]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = {}
        self.errors = []

    def record(self, kind, seconds, error):
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            if error is not None:
                self.errors.append((kind, str(error)[:300]))

    def report(self):
        every = [t for times in self.times.values() for t in times]
        print(f"{'request':<22} {'count':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
        for kind, times in [*sorted(self.times.items()), ("all", every)]:
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
            print(
                f"{kind:<22} {len(times):>6} {statistics.median(times):7.3f} "
                f"{p95:7.3f} {max(times):7.3f}"
            )
        print(f"errors: {len(self.errors)}")
        for kind, error in self.errors[:10]:
            print(f"  {kind}: {error}")


def promoter(url, db, stats, data, login, number, iterations):
    client = Client(url, db, stats)
    if not client.login(login):
        return
    partners = data["partners"]
    for i in range(iterations):
        phone = f"{PHONE_PREFIX}{number:03d}{i:04d}"
        client.call(
            "register case",
            "hospital.referral",
            "web_save",
            [],
            {
                "patient_name": f"负载患者{number}-{i}",
                "patient_phone": phone,
                "referring_partner_id": partners[(number + i) % len(partners)],
            },
            specification={"name": {}, "state": {}},
        )
        client.call(
            "log visit",
            "hospital.visit",
            "web_save",
            [],
            {"partner_id": partners[i % len(partners)], "outcome": f"load {number}-{i}"},
            specification={"name": {}},
        )


def leader(url, db, stats, data, _login, _number, iterations):
    client = Client(url, db, stats)
    if not client.login(data["leader"]):
        return
    for _i in range(iterations):
        client.call("case list", "hospital.referral", "web_search_read", [], LIST_SPEC, limit=80)
        client.call("visit list", "hospital.visit", "web_search_read", [], {"name": {}}, limit=80)
        client.call(
            "dashboard figure",
            "hospital.referral",
            "formatted_read_group",
            [],
            ["registered_at:month", "state"],
            ["__count"],
        )


def his(url, db, stats, data, _login, number, iterations):
    client = Client(url, db, stats)
    headers = {"Authorization": f"Bearer {data['key']}"}
    for i in range(iterations):
        bills = [
            {
                "his_reference": f"LOAD-{number:02d}-{i:03d}-{j:03d}",
                "kind": "outpatient",
                "department_code": data["department"],
                "total_fees": 100 + j,
                "drug_cost": 10,
                "is_final": False,
            }
            for j in range(BATCH)
        ]
        for kind, expected in (("HIS batch", "created"), ("HIS batch again", "unchanged")):
            body = client._post(kind, "/hospital_referral/his/bills", {"bills": bills}, headers)
            if body and body["counts"].get(expected) != BATCH:
                stats.record(kind, 0.0, f"expected {BATCH} {expected}: {body['counts']}")


ACTIVATE = (
    "import os, sys; fd = int(sys.argv[1]); os.dup2(fd, 3); fd != 3 and os.close(fd); "
    "os.environ.update(LISTEN_FDS='1', LISTEN_PID=str(os.getpid())); "
    "os.execv(sys.argv[2], sys.argv[2:])"
)


def listening_socket(port, backlog):
    """The server's HTTP socket, bound here with a listen backlog of ``backlog``.

    Odoo's prefork server listens with a backlog of 8 x workers (32 for 4 workers). When more
    connections arrive at once (45 logins), the kernel drops the overflow's handshake and
    request segments (netstat: "times the listen queue of a socket overflowed"); such a
    connection is accepted later, when the client's handshake is retried, but its request has
    to be retransmitted too, and the worker that accepted it waits for it 2 s only
    (``ODOO_HTTP_SOCKET_TIMEOUT``) before closing it unanswered: the client's "connection
    closed without response". Odoo takes a socket bound by its supervisor instead (systemd
    socket activation, ``LISTEN_FDS``), which is how it is given a backlog."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(backlog)
    return sock


def start_server(database, port, gevent_port, workers, backlog):
    # odoo-bin, not ``-m odoo``: the prefork server starts its websocket (gevent) process by
    # running its own command line again
    command = [
        sys.executable,
        str(pathlib.Path(odoo.__path__[0]).parent / "odoo-bin"),
        "-c",
        config.rcfile,
        "-d",
        database,
        "--db-filter",
        f"^{database}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--gevent-port",
        str(gevent_port),
        f"--workers={workers}",
        "--max-cron-threads=1",
        "--limit-time-real=300",
        "--log-level=warn",
    ]
    if backlog:
        sock = listening_socket(port, backlog)
        # a trampoline puts the socket on fd 3 and sets the socket-activation variables Odoo
        # reads (odoo/tools/config.py), then execs the server in the same process (same pid)
        command = [sys.executable, "-c", ACTIVATE, str(sock.fileno()), *command]
        server = subprocess.Popen(command, start_new_session=True, pass_fds=(sock.fileno(),))
        sock.close()
    else:
        server = subprocess.Popen(command, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _i in range(120):
        try:
            if requests.get(url + "/web/health", timeout=2).status_code == 200:
                return server, url
        except requests.RequestException:
            pass
        time.sleep(1)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("the server did not answer on /web/health within 2 minutes")


def check(env, data, promoters, his_users, iterations):
    """Every write exactly once: returns the list of mismatches."""
    problems = []
    cases = env["hospital.referral"].search([("patient_phone", "=like", f"{PHONE_PREFIX}%")])
    phones = cases.mapped("patient_phone")
    expected = promoters * iterations
    if len(cases) != expected or len(set(phones)) != len(phones):
        problems.append(f"cases: {len(cases)} ({len(set(phones))} distinct), expected {expected}")
    visits = env["hospital.visit"].search_count([("outcome", "=like", "load %")])
    if visits != expected:
        problems.append(f"visits: {visits}, expected {expected}")
    bills = env["hospital.referral.bill"].search([("his_reference", "=like", "LOAD-%")])
    refs = bills.mapped("his_reference")
    expected_bills = his_users * iterations * BATCH
    if len(bills) != expected_bills or len(set(refs)) != len(refs):
        problems.append(
            f"bills: {len(bills)} ({len(set(refs))} distinct), expected {expected_bills}"
        )
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=18290)
    parser.add_argument("--gevent-port", type=int, help="the websocket process (default port + 1)")
    parser.add_argument(
        "--backlog",
        type=int,
        default=1024,
        help="listen backlog of the server's HTTP socket; 0: Odoo's own (8 x workers)",
    )
    args = parser.parse_args()
    config.parse_config(["-c", args.config])
    n_promoters = max(1, args.users * 6 // 10)
    n_leaders = max(1, args.users * 3 // 10)
    n_his = max(1, args.users - n_promoters - n_leaders)
    with scratch_copy(args.database, "load") as scratch:
        registry = odoo.modules.registry.Registry(scratch)
        with registry.cursor() as cr:
            data = prepare(api.Environment(cr, odoo.SUPERUSER_ID, {}), n_promoters)
        odoo.modules.registry.Registry.delete(scratch)
        odoo.sql_db.close_db(scratch)
        server, url = start_server(
            scratch, args.port, args.gevent_port or args.port + 1, args.workers, args.backlog
        )
        stats = Stats()
        jobs = (
            [(promoter, login, i) for i, login in enumerate(data["promoters"])]
            + [(leader, None, i) for i in range(n_leaders)]
            + [(his, None, i) for i in range(n_his)]
        )
        print(
            f"{len(jobs)} concurrent users ({n_promoters} promoters, {n_leaders} leaders, "
            f"{n_his} HIS senders), {args.iterations} iterations each, {args.workers} workers, "
            f"listen backlog {args.backlog or 8 * args.workers}"
        )
        start = time.perf_counter()
        try:
            with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
                futures = [
                    pool.submit(job, url, scratch, stats, data, login, i, args.iterations)
                    for job, login, i in jobs
                ]
                for future in futures:
                    future.result()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        elapsed = time.perf_counter() - start
        stats.report()
        registry = odoo.modules.registry.Registry(scratch)
        with registry.cursor() as cr:
            problems = check(
                api.Environment(cr, odoo.SUPERUSER_ID, {}),
                data,
                n_promoters,
                n_his,
                args.iterations,
            )
        requests_done = sum(len(times) for times in stats.times.values())
        print(f"{requests_done} requests in {elapsed:.1f} s ({requests_done / elapsed:.1f}/s)")
        print("writes: " + ("; ".join(problems) if problems else "every write landed once"))
    if stats.errors or problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
