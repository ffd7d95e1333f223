"""The demo logins never collide with the logins Odoo's own tests create: Odoo's suites (hr's
creates ``manager``) must run on a database holding our demo hospital."""

import os
import re

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

LITERAL_LOGIN = re.compile(r"""\blogin\s*=\s*['"]([^'"]+)['"]""")


@tagged("post_install", "-at_install")
class TestDemoLogins(TransactionCase):
    def test_demo_logins_are_not_used_by_odoo_tests(self):
        demo_users = self.env["ir.model.data"].search(
            [("module", "=like", "hospital_%"), ("model", "=", "res.users")]
        )
        ours = set(self.env["res.users"].browse(demo_users.mapped("res_id")).mapped("login"))
        self.assertIn("mkt_manager", ours, "the demo data is not installed")
        installed = self.env["ir.module.module"].search(
            [("state", "=", "installed"), ("name", "not like", "hospital_%")]
        )
        theirs = set()
        for module in installed.mapped("name"):
            tests_dir = os.path.join(get_module_path(module) or "", "tests")
            if not os.path.isdir(tests_dir):
                continue
            for root, _dirs, files in os.walk(tests_dir):
                for name in files:
                    if name.endswith(".py"):
                        with open(os.path.join(root, name), encoding="utf-8") as source:
                            theirs.update(LITERAL_LOGIN.findall(source.read()))
        self.assertIn("manager", theirs, "Odoo's hr tests were not read")
        self.assertEqual(sorted(ours & theirs - {"admin"}), [])
