"""An upgrade gives the noupdate record rules of the suite their new domain where an admin did
not change them, and leaves a tuned rule alone (the department's confidentiality policy)."""

import importlib.util
import re

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.hospital_marketing.tools.record_rules import refresh_rule_domains


def _migration(module, version="19.0.1.1.0", stage="post"):
    path = f"{get_module_path(module)}/migrations/{version}/{stage}-migrate.py"
    spec = importlib.util.spec_from_file_location(f"{module}_{stage}_migrate", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def _rule_domains(module):
    """The 19.0.1.1.0 rule domains of ``module``, with the fields 19.0.2.0.0 renamed."""
    renames = {
        old: new
        for addon in ("hospital_marketing", "hospital_referral", "hospital_events")
        for _model, old, new in _migration(addon, "19.0.2.0.0", "pre").RENAMES
    }

    def renamed(domain):
        for old, new in renames.items():
            domain = re.sub(rf"\b{old}\b", new, domain)
        return domain

    return {
        name: (renamed(old), renamed(new))
        for name, (old, new) in _migration(module).RULE_DOMAINS.items()
    }


def _plain(domain):
    return re.sub(r"\s+", "", domain)


@tagged("post_install", "-at_install")
class TestRuleUpgrade(TransactionCase):
    def test_shipped_domains_are_the_ones_installed(self):
        """The migrations' new domains, with the fields renamed by 19.0.2.0.0, are those of the
        data files."""
        for module in ("hospital_marketing", "hospital_referral"):
            for name, (_old, new) in _rule_domains(module).items():
                with self.subTest(rule=name):
                    rule = self.env.ref(f"{module}.{name}")
                    self.assertEqual(_plain(rule.domain_force), _plain(new))

    def test_an_untouched_rule_is_upgraded_and_a_tuned_one_kept(self):
        domains = _rule_domains("hospital_referral")
        old, new = domains["res_partner_rule_referral_promoter"]
        untouched = self.env.ref("hospital_referral.res_partner_rule_referral_promoter")
        untouched.domain_force = old
        tuned = self.env.ref("hospital_referral.hospital_referral_gift_rule_leader")
        tuned.domain_force = "[('user_id', '=', user.id)]"
        with mute_logger("odoo.addons.hospital_marketing.tools.record_rules"):
            refresh_rule_domains(self.env, "hospital_referral", domains)
        self.assertEqual(_plain(untouched.domain_force), _plain(new))
        self.assertEqual(tuned.domain_force, "[('user_id', '=', user.id)]")
