"""One word for one thing (docs/glossary.md): every zh_CN translation of a text that holds a
glossary term uses the glossary's Chinese word (or an accepted compound) and none of the
variants it rules out, in the three addons."""

import pathlib
import re

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

ADDONS = ("hospital_marketing", "hospital_referral", "hospital_events")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%s|%d|\{[a-z_]*\}")


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _words(cell):
    return [word.strip() for word in cell.split(",") if word.strip()]


def read_glossary(path):
    """``(terms, other senses)``: terms as ``(english, chinese, accepted, never)``."""
    terms, senses = [], []
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith("| English"):
            english, chinese, accepted, never = _cells(line)
            terms.append((english, chinese, _words(accepted), _words(never)))
        elif line.startswith("|---"):
            continue
        else:
            senses += re.findall(r"`([a-z][a-z -]+)`", line) if line.startswith("- `") else []
    return terms, senses


def _word_pattern(english):
    """The term as a word, plural too, ``vice-president`` or ``vice president``."""
    return r"\b" + re.escape(english).replace(r"\ ", r"[\s-]") + r"(e?s)?\b"


def glossary_conflicts(terms, senses, entries):
    """``[(english, msgid, msgstr)]`` of the translations that break the glossary."""
    patterns = [(re.compile(_word_pattern(en), re.I), en, zh, ok, no) for en, zh, ok, no in terms]
    conflicts = []
    for msgid, msgstr in entries:
        text = PLACEHOLDER.sub(" ", msgid)
        lowered = text.lower()
        for pattern, english, chinese, accepted, never in patterns:
            if not pattern.search(text):
                continue
            if any(sense in lowered and english in sense for sense in senses):
                continue
            used = any(word in msgstr for word in [chinese, *accepted])
            if not used or any(word in msgstr for word in never):
                conflicts.append((english, msgid, msgstr))
    return conflicts


@tagged("post_install", "-at_install")
class TestGlossary(TransactionCase):
    def setUp(self):
        super().setUp()
        root = pathlib.Path(get_module_path("hospital_marketing")).parents[1]
        self.terms, self.senses = read_glossary(root / "docs" / "glossary.md")

    def test_the_glossary_has_its_terms(self):
        english = [term[0] for term in self.terms]
        self.assertGreaterEqual(len(english), 30)
        self.assertEqual(len(english), len(set(english)), "a term twice")
        self.assertIn(("team", "组", [], ["团队"]), self.terms)
        self.assertIn("community office", self.senses)

    def test_every_translation_uses_the_glossary(self):
        for module in ADDONS:
            with self.subTest(module=module):
                po = polib.pofile(f"{get_module_path(module)}/i18n/zh_CN.po")
                entries = [(e.msgid, e.msgstr) for e in po if e.msgstr and not e.obsolete]
                self.assertEqual(glossary_conflicts(self.terms, self.senses, entries), [])

    def test_a_conflicting_variant_is_found(self):
        # the check itself: 团队 for team, a missing 患者, an exempt sense, a placeholder
        entries = [
            ("Team Leader", "团队组长"),
            ("Give the name of the patient.", "请填写病人姓名。"),
            ("The community office of the street", "社区办公室"),
            ("%(case)s rejected", "%(case)s 已驳回"),
            ("Referral Team", "转诊组"),
        ]
        found = glossary_conflicts(self.terms, self.senses, entries)
        self.assertEqual(
            [(english, msgid) for english, msgid, _msgstr in found],
            [("team", "Team Leader"), ("patient", "Give the name of the patient.")],
        )
