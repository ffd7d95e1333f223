"""An upgrade gives the noupdate record rules of the suite their new domain where an admin did
not change them, and leaves a tuned rule alone (the department's confidentiality policy)."""

import importlib.util
import re

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.hospital_marketing.tools.record_rules import refresh_rule_domains


def _migration(module, version="19.0.1.1.0"):
    path = f"{get_module_path(module)}/migrations/{version}/post-migrate.py"
    spec = importlib.util.spec_from_file_location(f"{module}_post_migrate", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def _plain(domain):
    return re.sub(r"\s+", "", domain)


@tagged("post_install", "-at_install")
class TestRuleUpgrade(TransactionCase):
    def test_shipped_domains_are_the_ones_installed(self):
        """The migrations' new domains are those of the data files."""
        for module in ("hospital_marketing", "hospital_referral"):
            for name, (_old, new) in _migration(module).RULE_DOMAINS.items():
                with self.subTest(rule=name):
                    rule = self.env.ref(f"{module}.{name}")
                    self.assertEqual(_plain(rule.domain_force), _plain(new))

    def test_an_untouched_rule_is_upgraded_and_a_tuned_one_kept(self):
        domains = _migration("hospital_referral").RULE_DOMAINS
        old, new = domains["res_partner_rule_referral_promoter"]
        untouched = self.env.ref("hospital_referral.res_partner_rule_referral_promoter")
        untouched.domain_force = old
        tuned = self.env.ref("hospital_referral.hospital_referral_gift_rule_leader")
        tuned.domain_force = "[('user_id', '=', user.id)]"
        with mute_logger("odoo.addons.hospital_marketing.tools.record_rules"):
            refresh_rule_domains(self.env, "hospital_referral", domains)
        self.assertEqual(_plain(untouched.domain_force), _plain(new))
        self.assertEqual(tuned.domain_force, "[('user_id', '=', user.id)]")
