"""Every user-facing term of the suite's addons has its Chinese translation in the addon's
``i18n/zh_CN.po`` (the department works in zh_CN)."""

import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_po_is_complete_in_every_addon(self):
        addons = self.env["ir.module.module"].search(
            [("name", "=like", "hospital_%"), ("state", "=", "installed")]
        )
        self.assertIn("hospital_marketing", addons.mapped("name"))
        for module in addons.mapped("name"):
            with self.subTest(module=module):
                po_path = f"{get_module_path(module)}/i18n/zh_CN.po"
                if not os.path.isfile(po_path):
                    self.fail(f"{module} has no i18n/zh_CN.po")
                translated = {
                    entry.msgid
                    for entry in polib.pofile(po_path)
                    if entry.msgstr and not entry.obsolete
                }
                terms = {
                    source
                    for mod, _type, _name, _res_id, source, _value, _comments in (
                        TranslationModuleReader(self.env.cr, modules=[module])
                    )
                    if mod == module
                }
                self.assertEqual(sorted(terms - translated), [], f"untranslated in {po_path}")
