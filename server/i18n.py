"""Interface text in English and Japanese; the data's own labels stay Japanese whatever the interface language.

The language comes from ?lang= (remembered in a cookie), else the cookie, else English.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, request

LANGUAGES = ("en", "ja")
COOKIE = "jkg_lang"

TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Japanese)
    "home": ("Home", "ホーム"),
    "search": ("Search", "検索"),
    "sparql": ("SPARQL", "SPARQL"),
    "graph": ("Graph", "グラフ"),
    "dumps": ("Dumps", "ダンプ"),
    "vocabulary": ("Vocabulary", "語彙"),
    "types": ("Types", "型"),
    "properties": ("Properties", "属性"),
    "outgoing": ("Links from this resource", "このリソースからのリンク"),
    "incoming": ("Links to this resource", "このリソースへのリンク"),
    "text": ("Text with linked mentions", "本文（抽出した言及にリンク）"),
    "sheets": ("Yearly sheets", "年度別シート"),
    "projects": ("Projects", "事務事業"),
    "named_by": ("Projects that name it, by division", "言及している事務事業（課・室別）"),
    "fiscal_year": ("Fiscal year", "年度"),
    "division": ("Division", "課・室"),
    "no_division": ("(no division)", "（課・室なし）"),
    "describe": ("DESCRIBE in the SPARQL UI", "SPARQL UIでDESCRIBE"),
    "formats": ("This document as", "この文書の形式"),
    "page": ("Page", "ページ"),
    "next": ("Next", "次へ"),
    "previous": ("Previous", "前へ"),
    "of": ("of", "/"),
    "not_found": ("Not found", "見つかりません"),
    "not_found_text": (
        "This dataset has nothing about this IRI. Try the search or the ways in on the home page.",
        "このIRIについての情報はありません。検索またはホームページの入口からお探しください。",
    ),
    "search_placeholder": ("e.g. 協定, オンライン, JAXA", "例: 協定、オンライン、JAXA"),
    "search_button": ("Search", "検索"),
    "results_for": ("results for", "件の結果："),
    "too_short": ("Search for words of two characters or more.", "2文字以上の語で検索してください。"),
    "search_help": (
        "Every word must occur (separate words with spaces); names and titles first.",
        "すべての語を含むものを探します（語は空白で区切る）。名称・事業名の一致が先に並びます。",
    ),
    "filters": ("Filters", "絞り込み"),
    "to_filters": ("Filters ↓", "絞り込み ↓"),
    "fields": ("Found in", "一致した項目"),
    "field_label": ("label", "ラベル"),
    "field_prefLabel": ("preferred name", "正式名称"),
    "field_altLabel": ("other name", "別名"),
    "field_notation": ("number", "番号"),
    "field_title": ("project name", "事務事業名"),
    "field_purpose": ("purpose", "事業の目的"),
    "field_overview": ("overview", "事業の概要"),
    "field_results": ("results", "成果"),
    "no_results": ("Nothing matches.", "一致するものはありません。"),
    "no_index": (
        "This build has no search index; rebuild it with this version of jkg.",
        "このビルドには検索索引がありません。このバージョンのjkgで再ビルドしてください。",
    ),
    "dataset": ("Dataset", "データセット"),
    "source": ("Source", "出典"),
    "licence": ("Licence", "ライセンス"),
    "built": ("Built", "ビルド日時"),
    "triples": ("triples", "トリプル"),
    "counts": ("What it holds", "収録数"),
    "ways_in": ("Ways in", "入口"),
    "organisation": ("Departments and divisions", "部と課・室"),
    "action_plan_items": ("Action-plan items", "行政改革アクションプラン項目"),
    "plans": ("Plans", "計画"),
    "laws": ("Laws", "法令"),
    "partners": ("Partner bodies", "連携先"),
    "events": ("Events", "イベント"),
    "sheets_naming": ("sheets", "件"),
    "more": ("more in the search and the SPARQL endpoint", "ほかは検索とSPARQLで"),
    "classes": ("Classes", "クラス"),
    "object_properties": ("Object properties", "オブジェクトプロパティ"),
    "datatype_properties": ("Datatype properties", "データ型プロパティ"),
    "subclass_of": ("Subclass of", "上位クラス"),
    "subproperty_of": ("Subproperty of", "上位プロパティ"),
    "domain": ("Domain", "定義域"),
    "range": ("Range", "値域"),
    "constraints": ("Constraints (SHACL)", "制約（SHACL）"),
    "path": ("Path", "パス"),
    "count": ("Count", "個数"),
    "value": ("Value", "値"),
    "graph_title": ("Graph view", "グラフ表示"),
    "graph_query": ("Start from a SPARQL CONSTRUCT", "SPARQL CONSTRUCTから描く"),
    "draw": ("Draw", "描画"),
    "find_node": ("Find a node", "ノードを探す"),
    "nodes": ("nodes", "ノード"),
    "edges": ("edges", "エッジ"),
    "download": ("Download for Gephi / Cytoscape", "Gephi・Cytoscape用にダウンロード"),
    "ui_language": ("日本語", "English"),
    # the faceted lists
    "browse": ("Browse", "一覧"),
    "compare_years": ("Compare its years", "年度を比較"),
    "compare_municipalities": ("Compare municipalities", "自治体を比較"),
    "back_to_project": ("Back to the project", "事業のページへ戻る"),
    "back_to": ("Back to", "戻る:"),
    "one_year_only": (
        "This project has a sheet for one year only; a list of another year would add a column.",
        "この事業は1年度分のシートしかありません。別の年度の一覧を加えると列が増えます。",
    ),
    "what_changed": ("What changed", "変更点"),
    "row_title": ("Project name", "事務事業名"),
    "row_division": ("Division", "課・室"),
    "row_partners": ("Partner bodies", "連携先"),
    "row_plans": ("Plans", "計画"),
    "row_laws": ("Laws", "法令"),
    "row_events": ("Events", "イベント"),
    "row_items": ("Action-plan items", "アクションプラン項目"),
    "row_purpose": ("Purpose", "事業の目的"),
    "row_overview": ("Overview", "事業の概要"),
    "row_results": ("Results", "成果"),
    "nothing_changed": ("Nothing changed from one year to the next.", "年度間で変更はありません。"),
    "text_changed": ("the text changed", "本文が変わりました"),
    "side_by_side": ("Year by year", "年度別"),
    "changed": ("changed", "変更あり"),
    "show_text": ("text", "本文"),
    "municipality": ("Municipality", "自治体"),
    "compare": ("Compare", "比較"),
    "divisions": ("divisions", "課・室"),
    "projects_unit": ("projects", "事業"),
    "one_municipality_only": (
        "Only one municipality's projects name it in this dataset; build other cities' lists to compare.",
        "このデータセットでは1つの自治体の事業だけが言及しています。比較するには他の自治体の一覧を加えてください。",
    ),
    "browse_help": (
        "Tables to filter, sort and download (CSV, JSON, Excel), with counts for each filter.",
        "絞り込み・並べ替え・ダウンロード（CSV、JSON、Excel）ができる一覧です。",
    ),
    "at_a_glance": ("At a glance", "概観"),
    "definition": ("definition", "定義"),
    "table_projects": ("Projects by year", "事務事業（年度別）"),
    "table_partners": ("Partner bodies", "連携先"),
    "table_plans": ("Plans", "計画"),
    "table_laws": ("Laws", "法令"),
    "no_tables": (
        "This build has no tables for the lists; rebuild it with this version of jkg.",
        "このビルドには一覧用の表がありません。このバージョンのjkgで再ビルドしてください。",
    ),
    "rows": ("rows", "件"),
    "of_total": ("of", "件中"),
    "filter_text": ("Filter by words", "語で絞り込む"),
    "apply": ("Apply", "適用"),
    "clear_filters": ("Clear all filters", "すべての絞り込みを解除"),
    "remove_filter": ("Remove this filter", "この絞り込みを解除"),
    "show_all": ("show all", "すべて表示"),
    "values": ("values", "件"),
    "download_view": ("Download these rows", "この一覧をダウンロード"),
    "all_rows": ("all pages, in this order", "全ページ、この並び順"),
    "show_sparql": ("Show the SPARQL", "SPARQLを表示"),
    "sort_by": ("Sort by", "並べ替え"),
    "ascending": ("ascending", "昇順"),
    "descending": ("descending", "降順"),
    "charts": ("Charts", "グラフ"),
    "charts_of_rows": ("These rows in charts", "この一覧のグラフ"),
    "data_table": ("Data table", "データ表"),
    "and_more": ("more", "ほか"),
    "sheets_unit": ("project-years", "件（事業×年度）"),
    "bodies": ("bodies", "団体"),
    "chart_per_department": ("Projects per department", "部局ごとの事務事業数"),
    "chart_per_division": ("Projects per division", "課・室ごとの事務事業数"),
    "chart_per_plan": ("Projects per plan", "計画ごとの事務事業数"),
    "chart_partner_types": ("Partner bodies by type", "種類別の連携先数"),
    "preparing": ("Preparing the download…", "ダウンロードを準備中…"),
    "facet_municipality": ("Municipality", "自治体"),
    "facet_year": ("Fiscal year", "年度"),
    "facet_department": ("Department", "部局"),
    "facet_division": ("Division", "課・室"),
    "facet_partner_type": ("Partner type", "連携先の種類"),
    "facet_type": ("Type", "種類"),
    "facet_partner": ("Partner body", "連携先"),
    "facet_plan": ("Plan", "計画"),
    "facet_item": ("Action-plan item", "アクションプラン項目"),
    "facet_law": ("Law", "法令"),
    "facet_event": ("Event", "イベント"),
    "facet_direction": ("Direction", "今後の方向性"),
    "facet_grade": ("Evaluation", "総合評価"),
    "facet_basis": ("Legal basis", "根拠法令区分"),
    "facet_policy": ("Policy / measure", "政策・施策"),
    "col_number": ("No.", "事業番号"),
    "col_title": ("Project", "事務事業名"),
    "col_municipality": ("Municipality", "自治体"),
    "col_department": ("Department", "部局"),
    "col_division": ("Division", "課・室"),
    "col_fiscal_year": ("Year", "年度"),
    "col_budget": ("Budget (yen)", "当初予算（円）"),
    "col_budget_year": ("Budget's year", "当初予算の年度"),
    "col_settled": ("Settled (yen)", "決算（円）"),
    "col_settled_year": ("Settled year", "決算の年度"),
    "col_direction": ("Direction", "今後の方向性"),
    "col_grade": ("Evaluation", "総合評価"),
    "col_direction_iri": ("Direction IRI", "方向性IRI"),
    "col_grade_iri": ("Evaluation IRI", "総合評価IRI"),
    "col_partners": ("Partners", "連携先"),
    "col_plans": ("Plans", "計画"),
    "col_laws": ("Laws", "法令"),
    "col_events": ("Events", "イベント"),
    "col_items": ("AP items", "AP項目"),
    "col_name": ("Name", "名称"),
    "col_type": ("Type", "種類"),
    "col_sheets": ("Sheets", "シート数"),
    "col_projects": ("Projects", "事業数"),
    "col_municipalities": ("Municipalities", "自治体数"),
    "col_first_year": ("First year", "初年度"),
    "col_last_year": ("Last year", "最終年度"),
    "col_project": ("Project IRI", "事業IRI"),
    "col_sheet": ("Sheet IRI", "シートIRI"),
    "col_municipality_iri": ("Municipality IRI", "自治体IRI"),
    "col_department_iri": ("Department IRI", "部局IRI"),
    "col_division_iri": ("Division IRI", "課・室IRI"),
    "col_iri": ("IRI", "IRI"),
}


def language() -> str:
    wanted = request.args.get("lang") or request.cookies.get(COOKIE) or "en"
    return wanted if wanted in LANGUAGES else "en"


def translate(key: str) -> str:
    english, japanese = TEXT[key]
    return japanese if language() == "ja" else english


def switch_url() -> str:
    """This page in the other interface language."""
    args = request.args.to_dict()
    args["lang"] = "en" if language() == "ja" else "ja"
    return request.path + "?" + urlencode(args)


def remember(response: Response) -> Response:
    """Keep an explicit ?lang= choice for the next pages."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES and request.cookies.get(COOKIE) != wanted:
        response.set_cookie(COOKIE, wanted, max_age=365 * 24 * 3600, samesite="Lax")
    return response
