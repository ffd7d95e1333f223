"""Benchmark of OCA's commission engine, for comparison with bench_commission.py (not part of
the test run).

N customer invoice lines for P agents (each customer has one agent, each agent a commission of
20% of the invoiced amount, so N agent lines and P settlements): OCA's settlement wizard
(commission.make.settle, all agents, the month), a second run, then its "make invoices" wizard
(commission.make.invoice: P draft vendor bills) and the posting of those bills. It works on a
scratch copy of the database (DB_bench_oca, dropped at the end) into which account_commission_oca
is installed; each step is a transaction of its own, committed. The data generation (customers,
agents, posted invoices; OCA computes the agent lines of an invoice line when it is created) is
not part of the figures.

The OCA modules are not part of this repository. Get them from PyPI and unpack the wheels'
odoo/addons/<module> folders into one folder:

    pip download --no-deps -d /tmp/oca-wheels \\
        "odoo-addon-commission_oca>=19.0,<19.1" "odoo-addon-account_commission_oca>=19.0,<19.1"
    mkdir -p /tmp/oca-addons
    for w in /tmp/oca-wheels/*.whl; do unzip -qo "$w" 'odoo/addons/*' -d /tmp/oca-wheels/x; done
    cp -r /tmp/oca-wheels/x/odoo/addons/* /tmp/oca-addons/

then (account_commission_oca depends on account and commission_oca only):

    python3 bench/bench_commission_oca.py -c CONF -d DB --oca-addons /tmp/oca-addons \\
        [--lines 20000] [--agents 500] [--lines-per-invoice 20]
"""

import argparse
import os
import sys
from datetime import date, timedelta

from benchlib import scratch_copy, step, timed

import odoo
from odoo.fields import Command
from odoo.modules.module import initialize_sys_path
from odoo.tools import config

MONTH = date(2040, 1, 1)
NEXT_MONTH = date(2040, 2, 1)
MODULE = "account_commission_oca"


def build(env, lines, agents, lines_per_invoice):
    commission = env["commission"].create(
        {
            "name": "Bench 20%",
            "commission_type": "fixed",
            "fix_qty": 20.0,
            "amount_base_type": "gross_amount",
            "settlement_type": "sale_invoice",
        }
    )
    agent_partners = env["res.partner"].create(
        [
            {
                "name": f"Bench agent {i}",
                "agent": True,
                "agent_type": "agent",
                "commission_id": commission.id,
                "settlement": "monthly",
            }
            for i in range(agents)
        ]
    )
    customers = env["res.partner"].create(
        [
            {"name": f"Bench customer {i}", "commission_agent_ids": [Command.set(agent.ids)]}
            for i, agent in enumerate(agent_partners)
        ]
    )
    product = env["product.product"].create(
        {"name": "Bench service", "type": "service", "taxes_id": False}
    )
    commission_product = env["product.product"].create(
        {"name": "Bench commission", "type": "service", "supplier_taxes_id": False}
    )
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", env.company.id)], limit=1
    )
    invoice_count = -(-lines // lines_per_invoice)
    vals_list = []
    for k in range(invoice_count):
        first = k * lines_per_invoice
        vals_list.append(
            {
                "move_type": "out_invoice",
                "journal_id": journal.id,
                "partner_id": customers[k % agents].id,
                "invoice_date": MONTH + timedelta(days=k % 28),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": 1000.0 + i % 9000,
                            "tax_ids": False,
                        }
                    )
                    for i in range(first, min(first + lines_per_invoice, lines))
                ],
            }
        )

    def create():
        invoices = env["account.move"]
        for start in range(0, len(vals_list), 100):
            invoices |= env["account.move"].create(vals_list[start : start + 100])
        env.flush_all()
        return invoices

    invoices, _elapsed = timed("  creating the invoices (OCA computes the agent lines)", create)
    timed("  posting the invoices", lambda: (invoices.action_post(), env.flush_all()))
    env.invalidate_all()
    return {
        "invoices": invoices.ids,
        "agents": agent_partners.ids,
        "product": commission_product.id,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--oca-addons", required=True, help="folder holding the OCA modules")
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--lines-per-invoice", type=int, default=20)
    args = parser.parse_args()
    oca_addons = os.path.abspath(args.oca_addons)
    if not os.path.isfile(os.path.join(oca_addons, MODULE, "__manifest__.py")) or not (
        os.path.isfile(os.path.join(oca_addons, "commission_oca", "__manifest__.py"))
    ):
        sys.exit(
            f"{oca_addons} does not hold {MODULE} and commission_oca; see this script's"
            " docstring: pip download --no-deps -d DIR"
            ' "odoo-addon-commission_oca>=19.0,<19.1"'
            ' "odoo-addon-account_commission_oca>=19.0,<19.1",'
            " then unzip the wheels' odoo/addons/<module> folders into --oca-addons DIR"
        )
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    config["addons_path"] = [*config["addons_path"], oca_addons]
    initialize_sys_path()
    # a scratch copy of the database, dropped at the end: each step commits, as in production
    with scratch_copy(args.database, "bench_oca") as scratch:
        run(scratch, args.lines, args.agents, args.lines_per_invoice)


def settle(env):
    # OCA's wizard settles the agent lines dated before the start of date_to's period (monthly
    # agents: date_to in February settles January), for all agents when none is chosen
    wizard = env["commission.make.settle"].create(
        {"date_to": NEXT_MONTH, "settlement_type": "sale_invoice"}
    )
    before = env["commission.settlement"].search([]).ids
    wizard.action_settle()
    return env["commission.settlement"].search([("id", "not in", before)]).ids


def run(database, lines, agents, lines_per_invoice):
    registry, _elapsed = timed(
        f"installing {MODULE} (not part of the figures)",
        lambda: odoo.modules.registry.Registry.new(database, install_modules=[MODULE]),
    )
    print(f"{lines} invoice lines, {agents} agents, {lines_per_invoice} lines an invoice")
    data = step(
        registry,
        "generating the data (not part of the figures)",
        lambda env: build(env, lines, agents, lines_per_invoice),
    )

    def count_lines(env):
        agent_lines = env["account.invoice.line.agent"].search(
            [("invoice_id", "in", data["invoices"])]
        )
        return len(agent_lines), sum(agent_lines.mapped("amount"))

    count, amount = step(registry, "counting", count_lines)
    print(f"  {len(data['invoices'])} posted invoices, {count} agent lines, {amount:.2f} owed")
    settlement_ids = step(registry, "settlement wizard (settles the agent lines)", settle)

    def count_settlements(env):
        settlements = env["commission.settlement"].browse(settlement_ids)
        return len(settlements.line_ids), sum(settlements.mapped("total"))

    count, amount = step(registry, "counting", count_settlements)
    print(f"  {len(settlement_ids)} settlements, {count} settlement lines, {amount:.2f} settled")
    again = step(registry, "second run (nothing new)", settle)
    print(f"  {len(again)} new settlements")

    def make_invoices(env):
        journal = env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", env.company.id)], limit=1
        )
        wizard = env["commission.make.invoice"].create(
            {
                "journal_id": journal.id,
                "product_id": data["product"],
                "date": NEXT_MONTH,
                "settlement_ids": [Command.set(settlement_ids)],
            }
        )
        return env["account.move"].search(wizard.button_create()["domain"]).ids

    bill_ids = step(registry, "make-invoices wizard (draft vendor bills)", make_invoices)

    def count_bills(env):
        bills = env["account.move"].browse(bill_ids)
        settlements = env["commission.settlement"].browse(settlement_ids)
        invoiced = settlements.filtered(lambda s: s.state == "invoiced")
        return len(bills.invoice_line_ids), sum(bills.mapped("amount_total")), len(invoiced)

    count, amount, invoiced = step(registry, "counting", count_bills)
    print(f"  {len(bill_ids)} draft bills, {count} bill lines, {amount:.2f}, {invoiced} invoiced")

    def post(env):
        # OCA's wizard leaves the bills in draft; our engine's step creates and posts them
        bills = env["account.move"].browse(bill_ids)
        bills.action_post()
        return len(bills.filtered(lambda m: m.state == "posted"))

    posted = step(registry, "posting the vendor bills", post)
    print(f"  {posted} vendor bills posted")


if __name__ == "__main__":
    main()
