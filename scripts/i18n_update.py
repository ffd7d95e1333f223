#!/usr/bin/env python3
"""Refresh ``addons/<module>/i18n/zh_CN.po`` from a freshly exported template.

    python3 -m odoo i18n export -c CONF -d DB -l pot -o /tmp/<module>.pot <module>
    scripts/i18n_update.py <module> /tmp/<module>.pot [more.po ...]

Keeps every existing translation whose msgid is still in the template, takes translations for
new msgids from the extra .po files given (e.g. another branch's file), drops obsolete entries,
and lists the msgids still untranslated (exit 1 when any).
"""

import pathlib
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main(module, pot_path, *extra):
    po_path = ROOT / "addons" / module / "i18n" / "zh_CN.po"
    known = {}
    for path in [*extra, po_path]:
        if pathlib.Path(path).exists():
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.obsolete:
                    known[(entry.msgctxt, entry.msgid)] = entry.msgstr
    pot = polib.pofile(pot_path)
    pot.metadata.update(
        {
            "Language": "zh_CN",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "",
            "Plural-Forms": "",
        }
    )
    missing = []
    for entry in pot:
        entry.msgstr = known.get((entry.msgctxt, entry.msgid), "")
        if not entry.msgstr:
            missing.append(entry.msgid)
    po_path.parent.mkdir(exist_ok=True)
    pot.save(str(po_path))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
