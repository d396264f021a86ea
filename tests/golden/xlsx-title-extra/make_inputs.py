"""Write input.xlsx: a cover sheet, then a list with a title row, a blank row, merged 担当部 cells and extra columns."""

from __future__ import annotations

from pathlib import Path


def make(folder: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "表紙"
    cover["A1"] = "事務事業評価結果の公表について"
    sheet = book.create_sheet("一覧")
    sheet.append(["北本市 令和6年度 事務事業評価一覧"])
    sheet.append([])
    sheet.append(["事業番号", "事務事業名", "担当部", "担当課", "事業概要", "備考", "担当者メモ"])
    sheet.append([101, "広報紙発行事業", "政策推進部", "市長公室", "広報紙を毎月発行する。", "月1回", None])
    sheet.append([102, "ホームページ運営事業", None, "市長公室", "ホームページを運営する。", None, "要確認"])
    sheet.append([103, "出納事務", None, "会計課", "公金を出納する。", None, None])
    sheet.merge_cells("C4:C5")  # 政策推進部 covers both rows
    book.save(folder / "input.xlsx")
