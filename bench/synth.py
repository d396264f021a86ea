"""Generate a synthetic 事務事業一覧 in the bundled file's layout: pages, many departments, realistic text.

python bench/synth.py 10000 /tmp/synthetic-10k.txt [--figures]
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

DEPARTMENTS = [
    "総務部",
    "政策イノベーション部",
    "財務部",
    "市民部",
    "福祉部",
    "保健部",
    "こども部",
    "経済部",
    "農林部",
    "建設部",
    "都市計画部",
    "生活環境部",
    "教育局",
    "消防本部総務部",
    "会計部",
    "議会事務局",
    "環境部",
    "観光部",
    "国際都市推進部",
    "危機管理部",
    "デジタル推進部",
    "スポーツ推進部",
    "文化芸術部",
    "住宅部",
    "下水道部",
    "水道局",
    "病院局",
    "交通部",
    "選挙管理委員会事務局",
    "監査部",
]
DIVISIONS = ["総務課", "企画課", "管理課", "推進課", "支援課", "政策課", "振興課", "調整室", "戦略室", "センター運営課"]
PARTNERS = [
    "株式会社カスミ",
    "筑波大学",
    "国立研究開発法人宇宙航空研究開発機構（JAXA）",
    "国土交通省国土地理院",
    "茨城県",
    "つくばスマートシティ協議会",
    "荒川区",
    "一般社団法人つくば観光コンベンション協会",
    "総務省",
    "内閣府",
]
PLANS = ["つくば市未来構想", "第2期つくば市戦略プラン", "つくば市SDGs未来都市計画", "市長公約"]
PHRASES = [
    "市民サービスの向上を図るため", "関係機関と連携し", "オンラインで説明会を開催した", "コロナ禍の影響により",
    "データを活用して", "地域の課題解決に向けて", "事業の周知を行った", "実証実験を支援した",
    "参加者数は前年度を上回った", "アンケート調査を実施し", "庁内の情報共有を進め",
]  # fmt: skip
DATES = ["令和3年1月に", "6月19日に", "令和5年度までに", "2021年度～2023年度の"]
# The evaluation columns of real lists (the 北本市 and 品川区 layouts), for `figures=True`.
FIGURES = ("R2決算(千円)", "R3当初予算(千円)", "政策", "施策", "今後の方向性", "総合評価", "根拠法令区分", "根拠法令")
POLICIES = ["健やかに暮らせるまち", "安全で安心なまち", "活力ある産業のまち", "学び続けるまち", "健全で開かれたまち"]
DIRECTIONS = ["拡充", "現状維持", "手法等の改善", "縮小", "廃止", "完了", "－"]
BASES = [
    ("法令", "地方自治法"), ("法令", "児童福祉法"), ("条例", "つくば市市民活動推進条例"), ("規則等", ""), ("なし", ""),
]  # fmt: skip


def sentence(rng: random.Random, length: int) -> str:
    out = ""
    while len(out) < length:
        # Densities match the bundled list: about 2.4 mentions per row over its four text fields.
        pick = rng.random()
        if pick < 0.035:
            out += rng.choice(PARTNERS) + "と"
        elif pick < 0.05:
            out += rng.choice(PLANS) + "に基づき"
        elif pick < 0.065:
            out += rng.choice(DATES)
        out += rng.choice(PHRASES) + ("、" if rng.random() < 0.6 else "。")
    return out[:length] + "。"


def figures(rng: random.Random) -> list[str]:
    """Money (千円; a tenth of the rows without a budget), the place in the plan, the evaluation and the legal
    basis of one row."""
    policy = rng.randrange(len(POLICIES))
    kind, law = rng.choice(BASES)
    settled = rng.randint(0, 200_000) if rng.random() < 0.95 else 0
    measure = f"{policy + 1}-{rng.randint(1, 6)}"
    return [
        f"{settled:,}",
        f"{rng.randint(0, 220_000):,}" if rng.random() < 0.9 else "－",
        f"{policy + 1} {POLICIES[policy]}",
        f"{measure} 施策{measure}",
        rng.choice(DIRECTIONS),
        rng.choice("ABCD"),
        kind,
        law,
    ]


TITLE = "令和2年度つくば市事務事業一覧（事務事業マネジメントシートから一部抜粋）"  # whose list: つくば市


def generate(rows: int, path: Path, seed: int = 1, with_figures: bool = False, title: str = TITLE) -> Path:
    """Write `rows` rows, 7 per page, with a title and header on every page (and the evaluation columns of
    real lists with `with_figures`)."""
    rng = random.Random(seed)
    header = "通し番号\t事業番号\t事務事業名\t課名\t事業の目的\t事業の概要\t成果"
    if with_figures:
        header += "\t" + "\t".join(FIGURES)
    with path.open("w", encoding="utf-8") as f:
        for serial in range(1, rows + 1):
            if serial % 7 == 1:
                f.write(f"\n\n{title}\n\n{header}\n")
            dept = DEPARTMENTS[rng.randrange(len(DEPARTMENTS))]
            division = DIVISIONS[rng.randrange(len(DIVISIONS))]
            sep = rng.choice([" ", "", "\u3000"])
            overview = sentence(rng, rng.randint(80, 220))
            if rng.random() < 0.15:
                items = [
                    f"「{rng.randint(1, 200)}{rng.choice(PHRASES)[:10]}」" for _ in range(rng.choice([1, 1, 1, 2]))
                ]
                overview += f"※行政改革アクションプラン{'、'.join(items)}該当"
            cells = [
                str(serial),
                str(serial + 1000),
                f"{rng.choice(PHRASES)[:12]}事業{serial}",
                f"{dept}{sep}{division}",
                sentence(rng, rng.randint(40, 120)),
                overview,
                sentence(rng, rng.randint(60, 240)),
            ]
            if with_figures:
                cells += figures(rng)
            f.write("\t".join(cells) + "\n")
    return path


def built_graphs(tmp: Path, rows: int, with_figures: bool = False) -> Iterator[tuple[str, Path]]:
    """Build the bundled list, then a synthetic list of `rows`, with the real `jkg build`: (label, data folder)."""
    jkg = Path(sys.executable).with_name("jkg")
    bundled = tmp / "bundled"
    subprocess.run([str(jkg), "build", "--out", str(bundled), "--no-progress"], check=True, capture_output=True)
    yield "bundled list", bundled
    source = generate(rows, tmp / "synthetic.txt", with_figures=with_figures)
    big = tmp / "synthetic"
    subprocess.run(
        [str(jkg), "build", str(source), "--out", str(big), "--no-progress"], check=True, capture_output=True
    )
    yield f"synthetic list, {rows} rows{' with money and evaluations' if with_figures else ''}", big


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]), with_figures="--figures" in sys.argv[3:])
