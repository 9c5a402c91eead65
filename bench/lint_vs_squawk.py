#!/usr/bin/env python3
"""Compare `strata lint` with squawk on the same files (not part of `cargo test`).

    python3 -m venv /work/squawk-venv && /work/squawk-venv/bin/pip install squawk-cli
    cargo build -p strata-cli
    python3 bench/lint_vs_squawk.py [--strata target/debug/strata] [--squawk /work/squawk-venv/bin/squawk]

Prints which rules both tools have (by the pairs below: rules that mean the same
thing), which only strata has, which only squawk has, and, for every pair, whether the
two tools flag the same corpus files (bench/lint-corpus/).
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "lint-corpus"

# strata codes <-> squawk rules that find the same thing.
PAIRS = [
    ({"PG001"}, {"require-concurrent-index-creation"}),
    ({"PG002"}, {"require-concurrent-index-deletion"}),
    ({"PG040"}, {"ban-concurrent-index-creation-in-transaction"}),
    ({"S011"}, {"adding-required-field"}),
    ({"S012"}, {"adding-not-nullable-field", "setting-not-nullable-field"}),
    ({"S015"}, {"adding-foreign-key-constraint"}),
    ({"PG006"}, {"constraint-missing-not-valid"}),
    ({"S001"}, {"ban-drop-table"}),
    ({"S002"}, {"ban-drop-column"}),
    ({"S040", "S041"}, {"renaming-column", "renaming-table"}),
    ({"PG042"}, {"disallowed-unique-constraint", "adding-serial-primary-key-field"}),
    ({"PG041"}, {"require-lock-timeout", "require-timeout-settings"}),
    ({"S047"}, {"ban-truncate-cascade"}),
]
# PG004 table-rewrite covers squawk's volatile-default and column-type rules; it is
# compared per file on those files only (it also finds VACUUM FULL and CLUSTER).
REWRITE = ({"PG004"}, {"adding-field-with-default", "changing-column-type"})


def strata_findings(binary, files):
    out = subprocess.run(
        [binary, "lint", "--format", "json", *map(str, files)],
        capture_output=True, text=True,
    )
    if out.returncode not in (0, 2):
        sys.exit(f"strata lint failed ({out.returncode}): {out.stderr}")
    found = {}
    for f in json.loads(out.stdout):
        found.setdefault(Path(f["file"]).name, set()).add(f["code"])
    return found


def strata_rules(binary):
    out = subprocess.run([binary, "explain", "--json"], capture_output=True, text=True, check=True)
    rules = json.loads(out.stdout)
    return {r["code"]: r["name"] for r in rules if r["code"].startswith(("S", "PG"))
            and not r["code"].startswith("SQLITE")}


def squawk_findings(binary, files):
    found = {}
    for f in files:
        out = subprocess.run([binary, "--reporter", "json", str(f)], capture_output=True, text=True)
        text = out.stdout.strip() or "[]"
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            sys.exit(f"squawk output is not JSON for {f}: {text[:200]} {out.stderr[:200]}")
        for item in items:
            rule = item.get("rule_name") or item.get("rule") or item.get("code")
            found.setdefault(f.name, set()).add(rule)
    return found


def squawk_version(binary):
    out = subprocess.run([binary, "--version"], capture_output=True, text=True)
    return out.stdout.strip() or out.stderr.strip()


def main():
    ap = argparse.ArgumentParser()
    root = HERE.parent
    target = Path(os.environ.get("CARGO_TARGET_DIR", root / "target"))
    ap.add_argument("--strata", default=str(target / "debug" / "strata"))
    ap.add_argument("--squawk", default="/work/squawk-venv/bin/squawk")
    args = ap.parse_args()

    files = sorted(CORPUS.glob("*.sql"))
    st = strata_findings(args.strata, files)
    sq = squawk_findings(args.squawk, files)
    print(f"corpus: {len(files)} files in {CORPUS.relative_to(root)}; {squawk_version(args.squawk)}")

    paired_strata = set().union(*(s for s, _ in PAIRS + [REWRITE]))
    paired_squawk = set().union(*(q for _, q in PAIRS + [REWRITE]))
    seen_squawk = set().union(*sq.values()) if sq else set()
    rules = strata_rules(args.strata)

    print("\nrules both have (strata = squawk):")
    for s, q in PAIRS + [REWRITE]:
        print(f"  {', '.join(sorted(s))} = {', '.join(sorted(q))}")
    print("\nonly strata:")
    for code in sorted(set(rules) - paired_strata, key=lambda c: (c[0] != "S", c)):
        print(f"  {code} {rules[code]}")
    print("\nonly squawk (seen on the corpus):")
    for rule in sorted(seen_squawk - paired_squawk):
        print(f"  {rule}")

    print("\nagreement per pair (files flagged by one tool only):")
    agree = total = 0
    for s, q in PAIRS + [REWRITE]:
        rewrite_only = (s, q) == REWRITE
        diff = []
        for f in files:
            a = bool(st.get(f.name, set()) & s)
            b = bool(sq.get(f.name, set()) & q)
            if rewrite_only and not b and f.name.split("_", 1)[1].startswith(("vacuum", "cluster")):
                continue
            if a != b:
                diff.append(f"{f.name} ({'strata' if a else 'squawk'} only)")
        total += 1
        agree += not diff
        state = "agree" if not diff else "differ: " + "; ".join(diff)
        print(f"  {', '.join(sorted(s))} / {', '.join(sorted(q))}: {state}")
    print(f"\n{agree} of {total} pairs agree on every file")


if __name__ == "__main__":
    main()
