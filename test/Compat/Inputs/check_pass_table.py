"""Checks docs/tenstorrent/PASS_TABLE_TT.md against the code.

Every pass and pipeline `tilett-opt --help` lists (except upstream clean-ups)
must appear in the table as `--name`, and every `--name` in the table must
exist; likewise the `tt.*` attributes named by `k...AttrName` constants in
TTBase.td (section "Attributes") and the legacy attribute names upgraded by
LegacyAttributes.cpp (section "Legacy attributes").

usage: check_pass_table.py HELP_TXT PASS_TABLE_MD TTBASE_TD LEGACY_CPP
"""
import re
import sys

UPSTREAM = {"canonicalize", "cse"}


def help_passes(text):
    names, inside = set(), False
    for line in text.splitlines():
        if line.strip() in ("Passes:", "Pass Pipelines:"):
            inside = True
            continue
        if inside and re.match(r"^ {0,4}[^\s=]", line):
            inside = False
        m = re.match(r"^ {6}--([A-Za-z0-9_-]+)", line)
        if inside and m:
            names.add(m.group(1))
    return names - UPSTREAM


def section(md, title):
    m = re.search(r"^## " + re.escape(title) + r"\s*$(.*?)(?=^## |\Z)", md,
                  re.M | re.S)
    return m.group(1) if m else ""


def compare(what, in_code, in_doc):
    errors = []
    for name in sorted(in_code - in_doc):
        errors.append(f"{what} '{name}' exists in code but not in PASS_TABLE_TT.md")
    for name in sorted(in_doc - in_code):
        errors.append(f"{what} '{name}' is in PASS_TABLE_TT.md but not in code")
    return errors


def main():
    help_txt, table, td, legacy_cpp = (open(p).read() for p in sys.argv[1:5])
    doc_passes = set(re.findall(r"`--([A-Za-z0-9_-]+)`", section(table, "Passes")))
    doc_passes -= UPSTREAM
    code_attrs = set(re.findall(r'k\w+AttrName\s*=\s*"(tt\.[\w.]+)"', td))
    doc_attrs = set(re.findall(r"`(tt\.[\w.]+)`", section(table, "Attributes")))
    code_legacy = set(re.findall(r'kLegacy\w+\s*=\s*"(tt[._][\w.]+)"', legacy_cpp))
    code_legacy.discard("tt_buffer_")
    code_legacy.add("tt_buffer_<name>_layout")
    # First column of the legacy table only; the second names new attributes.
    doc_legacy = set(re.findall(r"^\| `(tt[._][\w.<>]+)` \|",
                                section(table, "Legacy attributes"), re.M))
    errors = (compare("pass", help_passes(help_txt), doc_passes) +
              compare("attribute", code_attrs, doc_attrs) +
              compare("legacy attribute", code_legacy, doc_legacy))
    for e in errors:
        print("error: " + e)
    if errors:
        return 1
    print("PASS_TABLE_TT.md matches the code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
