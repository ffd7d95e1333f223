#!/usr/bin/env python3
"""Give each entry of ``addons/<module>/i18n/zh_CN.po`` the flags (``#. odoo-python``,
``#. odoo-javascript``) and references (``#: model:…``, ``#: model_terms:…``, ``#: code:…``) a
freshly exported template gives its msgid, in place: only those comment lines of an entry
change; msgstr, order and the other entries stay as they are.

Odoo loads a po entry only through its references: an entry written by hand with ``#. module:``
alone passes the completeness test, yet the field, view or message shows English on screen; a
string of Python code or of the web client needs its flag and a ``code:`` reference besides.

    python3 -m odoo i18n export -c CONF -d DB -l pot -o /tmp/<module>.pot <module>
    scripts/i18n_references.py <module> /tmp/<module>.pot

Prints each entry it changes.
"""

import pathlib
import sys

import polib

ROOT = pathlib.Path(__file__).resolve().parents[1]
FLAGS = ("odoo-python", "odoo-javascript")


def _flags(entry):
    return [line.strip() for line in entry.comment.splitlines() if line.strip() in FLAGS]


def _references(entry):
    return [f"#: {place}:{line}" if line else f"#: {place}" for place, line in entry.occurrences]


def main(module, pot_path):
    po_path = ROOT / "addons" / module / "i18n" / "zh_CN.po"
    template = {(e.msgctxt, e.msgid): e for e in polib.pofile(pot_path)}
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")
    for index, block in enumerate(blocks):
        entries = [e for e in polib.pofile(block + "\n") if e.msgid]
        if len(entries) != 1 or entries[0].obsolete:
            continue
        entry = entries[0]
        wanted = template.get((entry.msgctxt, entry.msgid))
        if wanted is None:
            continue
        flags, references = _flags(wanted), _references(wanted)
        if _flags(entry) == flags and _references(entry) == references:
            continue
        lines = block.split("\n")
        head = [
            line
            for line in lines
            if line.startswith("#.") and line[2:].strip() not in FLAGS and not line.startswith("#:")
        ]
        start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        rest = [line for line in lines[:start] if line[:2] not in ("#.", "#:")]
        blocks[index] = "\n".join(
            [*head, *[f"#. {flag}" for flag in flags], *references, *rest, *lines[start:]]
        )
        print(f"{module}: {entry.msgid[:70]!r}")
    po_path.write_text("\n\n".join(blocks), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
