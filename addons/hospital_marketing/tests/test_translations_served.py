"""The Chinese of every text of the suite's addons reaches the screen.

Odoo loads a po entry only through its references (``#: model:…``, ``#: model_terms:…``,
``#: code:…``), and serves a string of Python code (``_()``/``env._()``) or of the web client
(``_t()``, OWL templates) only from an entry flagged ``#. odoo-python`` / ``#. odoo-javascript``
besides: an entry with the msgid and ``#. module:`` alone passes the completeness test, yet the
user reads English (the promoter's day read "My Day", "Doctors contacted today"). Fix:
``scripts/i18n_references.py``."""

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader, code_translations

FLAGS = {"odoo-python": "python", "odoo-javascript": "web"}


@tagged("post_install", "-at_install")
class TestTranslationsServed(TransactionCase):
    def _modules(self):
        modules = (
            self.env["ir.module.module"]
            .search([("name", "=like", "hospital_%"), ("state", "=", "installed")])
            .mapped("name")
        )
        self.assertIn("hospital_dashboard", modules)
        return modules

    def _terms(self, module):
        """``(model terms, code terms)`` of the module as Odoo extracts them: ``{(type, name,
        xml id, English)}`` and ``{(flag, English)}``."""
        model_terms, code_terms = set(), set()
        reader = TranslationModuleReader(self.env.cr, modules=[module])
        for mod, kind, name, res_id, source, _value, comments in reader:
            if mod != module:
                continue
            if kind == "code":
                code_terms |= {(flag, source) for flag in comments or () if flag in FLAGS}
            else:
                model_terms.add((kind, name, res_id, source))
        return model_terms, code_terms

    def test_fields_and_views_are_loaded_in_chinese(self):
        for module in self._modules():
            with self.subTest(module=module):
                with open(f"{get_module_path(module)}/i18n/zh_CN.po", "rb") as po:
                    loaded = {
                        (row["type"], row["name"], f"{row['module']}.{row['imd_name']}", row["src"])
                        for row in PoFileReader(po)
                        if row["type"] != "code" and row["value"]
                    }
                model_terms, _code_terms = self._terms(module)
                self.assertTrue(model_terms, f"{module} has no terms: the reader failed")
                missing = sorted(" ".join(term) for term in model_terms - loaded)
                self.assertEqual(missing, [], f"shown in English: reference them in {module}'s po")

    def test_code_strings_are_served_in_chinese(self):
        for module in self._modules():
            with self.subTest(module=module):
                web = code_translations.get_web_translations(module, "zh_CN")["messages"]
                served = {
                    "python": set(code_translations.get_python_translations(module, "zh_CN")),
                    "web": {message["id"] for message in web},
                }
                _model_terms, code_terms = self._terms(module)
                missing = sorted(
                    f"{flag}: {source}"
                    for flag, source in code_terms
                    if source not in served[FLAGS[flag]]
                )
                self.assertEqual(missing, [], f"shown in English: flag them in {module}'s po")

    def test_the_promoters_day_reads_chinese(self):
        """What the promoter sees first in the morning, from the server, in Chinese."""
        promoter = self.env.ref("hospital_marketing.demo_user_promoter", raise_if_not_found=False)
        if not promoter:
            self.fail("the demo login promoter is missing: install the addons with demo data")
        day = self.env["hospital.my.day"].with_user(promoter).with_context(lang="zh_CN")
        page = day.retrieve_my_day()
        titles = {section["key"]: section["title"] for section in page["sections"]}
        self.assertEqual(titles["contacts"], "今日联系医生数")
        labels = {action["key"]: action["label"] for action in page["actions"]}
        self.assertEqual(labels["log_visit"], "记录拜访或电话")
