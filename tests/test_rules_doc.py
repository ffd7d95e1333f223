"""docs/rules.md defines every rule id (R-…) that the code, the tests and the README cite, and
points at the methods and tests that cite it; it is regenerated from the sources, never stale."""

import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_every_cited_rule_is_defined_and_the_index_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/rules_doc.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_cites_only_defined_rules():
    defined = {
        line.split("\t", 1)[0]
        for line in (ROOT / "docs/rules.defs.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    cited = set(re.findall(r"\bR-[A-Z]\d+\b", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert cited - defined == set()
