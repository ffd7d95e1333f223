"""Writes docs/rules.md: each business rule (docs/rules.defs.tsv: id, one-line statement) with the
methods that cite it in the addons and the tests that cite it, found by reading the sources.

    python3 scripts/rules_doc.py           rewrite docs/rules.md
    python3 scripts/rules_doc.py --check   exit 1 when docs/rules.md is not up to date
"""

import ast
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
RULE = re.compile(r"\bR-[A-Z]\d+\b")
MAX_POINTERS = 6


def _definitions():
    rules = {}
    for line in (ROOT / "docs/rules.defs.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rule_id, text = line.split("\t", 1)
            rules[rule_id] = text.strip()
    return rules


def _python_scopes(path):
    """(first line, last line, qualified name) of every class and function of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scopes = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                scopes.append((child.lineno, child.end_lineno, name))
                visit(child, f"{name}.")

    visit(tree, "")
    return scopes


def _citations():
    """{rule id: {"code": [pointer...], "tests": [pointer...]}} in file order."""
    found = {}
    files = sorted(
        p
        for p in (ROOT / "addons").rglob("*")
        if p.suffix in (".py", ".xml", ".js") and "i18n" not in p.parts
    ) + sorted((ROOT / "tests").glob("*.py"))
    for path in files:
        rel = path.relative_to(ROOT)
        is_test = "tests" in rel.parts
        scopes = _python_scopes(path) if path.suffix == ".py" else []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for rule_id in set(RULE.findall(line)):
                inner = [s for s in scopes if s[0] <= number <= s[1]]
                where = f"`{rel}`" + (f" `{inner[-1][2]}`" if inner else "")
                bucket = found.setdefault(rule_id, {"code": [], "tests": []})
                pointers = bucket["tests" if is_test else "code"]
                if where not in pointers:
                    pointers.append(where)
    return found


def render():
    rules = _definitions()
    citations = _citations()
    head = (ROOT / "docs/rules.head.md").read_text(encoding="utf-8")
    out = [head.rstrip("\n"), ""]
    unknown = sorted(set(citations) - set(rules))
    for rule_id, text in rules.items():
        cited = citations.get(rule_id, {"code": [], "tests": []})
        out.append(f"- **{rule_id}** {text}")
        for label, key in (("Code", "code"), ("Tests", "tests")):
            pointers = cited[key]
            if not pointers:
                continue
            shown = ", ".join(pointers[:MAX_POINTERS])
            more = len(pointers) - MAX_POINTERS
            out.append(f"  - {label}: {shown}" + (f" (and {more} more)" if more > 0 else ""))
    out.append("")
    return "\n".join(out), unknown


def main():
    text, unknown = render()
    if unknown:
        print("cited but not defined in docs/rules.defs.tsv: " + ", ".join(unknown))
        return 1
    target = ROOT / "docs/rules.md"
    if "--check" in sys.argv:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print("docs/rules.md is out of date: run python3 scripts/rules_doc.py")
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
