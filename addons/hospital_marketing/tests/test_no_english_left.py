"""No English word of the product is left on a Chinese screen: in the zh_CN translations of the
suite's addons (a msgstr copied from its msgid, or half translated) and in the demo hospital's
own records (names, purposes, notes), which are written in Chinese.

Left alone: placeholders, markup, quoted keys and code (``{"days": …}``, ``'today'``,
``his_reference``, ``fa-tasks``), abbreviations in capitals (HIS, XLSX, UTF-8, WGS-84) and the
few names that have no Chinese in use (Excel, Font Awesome, the HTTP header
``Authorization: Bearer``)."""

import re

import polib
from lxml import etree

from odoo.modules.module import get_manifest, get_module_path
from odoo.tests import TransactionCase, tagged

ADDONS = ("hospital_marketing", "hospital_referral", "hospital_events", "hospital_dashboard")
KEPT = {"Excel", "Font", "Awesome", "awesome", "Authorization", "Bearer", "true", "false", "uid"}
KEPT |= {"kind"}  # a column name of the HIS bill file, listed with the others
KEPT |= {"date", "revenue", "beds"}  # column names of the HIS daily file, listed likewise
CODE = re.compile(
    r"%\([a-z_]+\)[-+ #0]*\d*(\.\d+)?[sdf]|%[sd]|\{[^{}]*\}|<[^>]*>|&[a-z]+;"
    r"|'[^']*'|\"[^\"]*\"|“[^”]*”|https?://\S+|\S+@\S+"
    r"|(?<![A-Za-z])\.[a-z]{2,4}\b|\b\w+\[[^\]]*\]"
)
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_\-./]*")
# fields of a demo record that hold no prose
TECHNICAL_FIELDS = {"login", "password", "code", "email", "website", "ref", "vat"}


def english_words(text):
    """The English words of a Chinese text, leaving code, abbreviations and known names."""
    words = []
    for token in TOKEN.findall(CODE.sub(" ", text or "")):
        if re.search(r"[\d_\-./]", token) or token in KEPT:
            continue
        if token.isupper() and len(token) <= 6:
            continue
        words.append(token)
    return words


@tagged("post_install", "-at_install")
class TestNoEnglishLeft(TransactionCase):
    def test_the_detector(self):
        self.assertEqual(english_words("待审核报告"), [])
        self.assertEqual(english_words("HIS 的 XLSX (UTF-8) 或 .xls, 列为 his_reference"), [])
        self.assertEqual(english_words('须为 {"days": [...]}, 已在 days[%s] 中, %(total).2f'), [])
        self.assertEqual(english_words("Register a referral"), ["Register", "a", "referral"])
        self.assertEqual(english_words("今日 Due 事项"), ["Due"])

    def test_translations_are_chinese(self):
        for module in ADDONS:
            with self.subTest(module=module):
                po = polib.pofile(f"{get_module_path(module)}/i18n/zh_CN.po")
                left = [
                    (entry.msgstr, words)
                    for entry in po
                    if entry.msgstr
                    and not entry.obsolete
                    and (words := english_words(entry.msgstr))
                ]
                self.assertEqual(left, [], f"English in the Chinese of {module}")

    def test_demo_records_are_chinese(self):
        for module in ADDONS:
            with self.subTest(module=module):
                left = []
                for path in get_manifest(module).get("demo", ()):
                    if path.endswith(".xml"):
                        left += self._english_in_demo(f"{get_module_path(module)}/{path}")
                self.assertEqual(left, [], f"English in the demo records of {module}")

    def _english_in_demo(self, path):
        left = []
        for record in etree.parse(path).iter("record"):
            model = record.get("model")
            if model not in self.env or model.startswith("ir."):
                continue
            for node in record.findall("field"):
                field = self.env[model]._fields.get(node.get("name"))
                if (
                    not field
                    or field.type not in ("char", "text", "html")
                    or field.name in TECHNICAL_FIELDS
                    or node.get("eval")
                    or node.get("ref")
                ):
                    continue
                if words := english_words(node.text):
                    left.append((record.get("id"), field.name, words))
        return left
