"""The kinds of plan a municipality makes by law (or at a ministry's request, as every one does), with the basis of
each. Named bare in a municipality's list (地域防災計画, 第9期介護保険事業計画), such a plan is that municipality's own.

These are kinds of documents defined outside any list, so they hold for every city's text; a plan named with
common words that is none of them (庁舎計画, 広報戦略) is not linked unless something else names it.
"""

from __future__ import annotations

from jkg.etl.lexicon import OWN_PLAN_TYPES

_PLAN_KINDS = """
基本構想: 地方自治法 (former art. 2), now the municipality's own 条例
地域防災計画: 災害対策基本法 art. 42
国民保護計画: 国民保護法 art. 35
国土強靱化地域計画 地域強靱化計画: 国土強靱化基本法 art. 13
業務継続計画: the guidance of 消防庁 and 内閣府 to every municipality
地域福祉計画: 社会福祉法 art. 107
障害者計画: 障害者基本法 art. 11
障害福祉計画: 障害者総合支援法 art. 88
障害児福祉計画: 児童福祉法 art. 33-20
介護保険事業計画: 介護保険法 art. 117
高齢者保健福祉計画 老人福祉計画: 老人福祉法 art. 20-8
子ども・子育て支援事業計画: 子ども・子育て支援法 art. 61
次世代育成支援行動計画: 次世代育成支援対策推進法 art. 8
子ども・若者計画: 子ども・若者育成支援推進法 art. 9
こども計画: こども基本法 art. 10
子どもの貧困対策計画: 子どもの貧困対策の推進に関する法律 art. 9
子ども読書活動推進計画: 子どもの読書活動の推進に関する法律 art. 9
健康増進計画: 健康増進法 art. 8
食育推進計画: 食育基本法 art. 18
自殺対策計画: 自殺対策基本法 art. 13
がん対策推進計画: がん対策基本法 art. 12
データヘルス計画: 保健事業の実施等に関する指針 (国民健康保険法 art. 82)
特定健康診査等実施計画: 高齢者の医療の確保に関する法律 art. 19
男女共同参画計画 男女共同参画基本計画: 男女共同参画社会基本法 art. 14
配偶者暴力対策基本計画: 配偶者暴力防止法 art. 2-3
特定事業主行動計画: 次世代育成支援対策推進法 art. 19, 女性活躍推進法 art. 19
環境基本計画: 環境基本法 art. 7 (each municipality's 環境基本条例)
地球温暖化対策実行計画: 地球温暖化対策の推進に関する法律 art. 21
一般廃棄物処理基本計画 一般廃棄物処理計画: 廃棄物の処理及び清掃に関する法律 art. 6
分別収集計画: 容器包装リサイクル法 art. 8
緑の基本計画: 都市緑地法 art. 4
都市計画マスタープラン まちづくりマスタープラン: 都市計画法 art. 18-2 (many municipalities call it so)
立地適正化計画: 都市再生特別措置法 art. 81
景観計画: 景観法 art. 8
地域公共交通計画: 地域公共交通の活性化及び再生に関する法律 art. 5
耐震改修促進計画: 建築物の耐震改修の促進に関する法律 art. 6
住生活基本計画: 住生活基本法 art. 17
空家等対策計画 空き家等対策計画: 空家等対策の推進に関する特別措置法 art. 7
無電柱化推進計画: 無電柱化の推進に関する法律 art. 8
公共施設等総合管理計画 個別施設計画: 総務省's request to every municipality (2014)
橋梁長寿命化修繕計画 公営住宅等長寿命化計画 ストックマネジメント計画: 国土交通省's requests (bridges, housing, sewers)
教育振興基本計画: 教育基本法 art. 17
生涯学習推進計画: 生涯学習の振興のための施策の推進体制等の整備に関する法律
スポーツ推進計画: スポーツ基本法 art. 10
文化財保存活用地域計画: 文化財保護法 art. 183-3
農業振興地域整備計画: 農業振興地域の整備に関する法律 art. 8
森林整備計画: 森林法 art. 10-5
交通安全計画: 交通安全対策基本法 art. 26
消費者教育推進計画: 消費者教育の推進に関する法律 art. 10
人口ビジョン 地方人口ビジョン: まち・ひと・しごと創生法 art. 10 (the 総合戦略's long-term vision, 2015)
国土利用計画: 国土利用計画法 art. 8 (市町村計画)
行政改革大綱 定員管理計画 人材育成基本方針 財政計画 中期財政計画: 総務省's guidance to every municipality
"""

MUNICIPAL_PLAN_KINDS: dict[str, str] = {
    **{kind: "the municipality's main plan" for kind in OWN_PLAN_TYPES},
    **{
        kind: basis.strip()
        for line in _PLAN_KINDS.strip().splitlines()
        for kinds, basis in [line.split(":", 1)]
        for kind in kinds.split()
    },
}
