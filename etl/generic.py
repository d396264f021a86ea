"""Words for nothing in particular: a name made only of them (and its head) is a kind of thing, not one thing
(交通安全協会, 地域防災計画 as a kind, スポーツ大会). One vocabulary per category; etl/names.py's is_generic uses them.
"""

from __future__ import annotations

import re

from jkg.etl.lexicon import alternation

# Words that make up names but are never a name on their own: a name made only of these (and its head) is a kind
# of thing (交通安全協会, 地域防災計画 as a kind, スポーツ大会), not one thing.
GENERIC_PARTS = tuple(
    sorted(
        set(
            (
                "事業 実施 次期 新 各 本 当 同 全 他 計画 整備 推進 基本 実行 総合 地域 再生 各種 年度 当初 予算 個別 "
                "具体 行動 戦略 中期 長期 短期 策定 管理 運営 市 国 県 都 道 府 区 町 村 全国 国内 海外 市内 県内 庁内 "
                "優秀 最優秀 大 行政 改革 方針 政策 施策 研究 開発 等 共同 協働 連携 関係 支援 活動 団体 会員 交流 "
                "情報 システム 市民 区民 町民 村民 住民 職員 首長 特別 一般 上記 下記 対応 緊急事態 ハイレベル 国際 "
                "交通 安全 交通安全 防犯 防災 観光 商工 社会 福祉 社会福祉 医療 保険 健康 保健 介護 高齢者 後期 前期 "
                "障害者 障がい者 児童 青少年 子ども 子育て 教育 学校 文化 芸術 体育 スポーツ 産業 農業 環境 清掃 衛生 "
                "人権 男女 平等 参画 国民 保護 問題 対策 連絡 調整 育成 振興 普及 啓発 促進 地区 自治 町会 自治会 "
                "民間 企業 事業者 大学 研究機関 病院 医師 歯科 薬剤師 獣医師 柔道整復師 校長 PTA 老人 女性 消費者 "
                "生活 安心 公共 施設 都市 まちづくり こども 上位 下位 関連 既存 現行 該当 当該 全体 年間 将来 "
                "第 期 次 春季 秋季 夏季 冬季 各地区 各地域 近隣 周辺 広域 公益 一般社団 関係機関 協力 "
                "人材 シルバー 民生委員 児童委員 地域包括 居宅 ケア 相談 看護 准看護 専門 会 の "
                "事業所 審査 要介護者 外国人 私立 公立 専修 各種学校 学校 商店街 官庁 林間 臨海 夏季"
                # the heads themselves: a name is more than its kind
                " 賞 計画 プラン 構想 方針 宣言 指針 大綱 ビジョン 大会 講座 フォーラム チャレンジ セミナー 法律 法 "
                "条例 規則 協議会 協会 機構 委員会 大学 研究所 連合会 連絡会 組合 医師会 商工会 センター 運動 週間 "
                "月間 まつり 祭り 祭 集い 広域連合 事業団 財団 マスタープラン アクションプラン 戦略 少年団"
            ).split()
        ),
        key=len,
        reverse=True,
    )
)
# What a plan, law or event name may hold and still be no particular one (次期計画, 同法, スポーツ大会): the
# qualifiers of structure and time; a plan type's own words (地域防災計画) make it a particular one.
PLAN_GENERIC_PARTS = tuple(
    "上位 下位 前期 後期 次期 新 本 当該 全体 年間 個別 事業 各 同 関連 関係 既存 現行 該当 中期 長期 短期 基本 実施 "
    "実行 推進 整備 行動 具体 将来 当初 年次 単年度 当 各種 この その 同様 対応 取組 運用 検討 基本的 今後 "
    "予算 特定 管理 経営 支援 拡幅 広報 建替 建替え 改築 増築 改修 移転 "
    "計画 プラン 構想 方針 戦略 指針 大綱 "
    "ビジョン 宣言 マスタープラン アクションプラン 第 期 次 0 1 2 3 4 5 6 7 8 9 一 二 三 四 五 六 七 八 九 十".split()
)
LAW_GENERIC_PARTS = tuple(
    "同 本 当該 関係 関連 上記 各 当 新 旧 改正 現行 根拠 個別 基本 特別 一般 措置 特措 関係法 法令 法律 法 条例 規則 "
    "施行令 施行規則 施行細則 政令 省令 府令".split()
)
EVENT_GENERIC_PARTS = tuple(
    "スポーツ 体育 各種 地域 地区 市民 区民 町民 村民 住民 春季 秋季 夏季 冬季 年間 定例 各 同 本 当 全体 合同 大 "
    "新 記念 イベント 交流 親善 地元 地域の 各地区 全国 県 市 区 町 村 優秀 最優秀 ハイレベル 特別 表彰 "
    "大学 公開 希望 共催 主催 後援 出前 定期 環境 美化 企画 常設 巡回 学習 健康 パネル 選挙 国内 クラブ 活動 "
    "国際 研究 事故 防止 "
    "少年少女 ライフ 治療 "
    "大会 まつり 祭り 祭 フェスティバル フェスタ マラソン 駅伝 ウォーク 運動 週間 月間 集い つどい 展 講座 "
    "フォーラム シンポジウム コンテスト 賞 チャレンジ コンクール フェア 塾 ステージ".split()
)
# Names that are generic as a whole although made of a non-generic word (都市計画 is a field, not a plan).
GENERIC_NAMES = frozenset(
    "葬祭 祭典 祭祀 都市計画 地区計画 事業計画 年間計画 実施計画 個別計画 個別避難計画 避難行動要支援者個別計画 "
    "ケアプラン 支援計画 指導計画 保育計画 介護計画 避難計画 訓練計画 研修計画 調査計画 工事計画 作業計画 資金計画 "
    "利用計画 サービス等利用計画 "
    "緊急事態宣言 居宅介護サービス計画 建築計画 活用プラン 活用方針 予算編成方針 上位計画 下位計画 関連計画 基本方針 "
    "国土利用計画 労働関係法 会計法規 関係法令 法令 関係法 税法 スポーツ大会 各種大会 運動会 体育祭 国際交流 "
    "特定行政庁 行政庁 音楽祭 成人式 表彰式 オリンピック パラリンピック デフリンピック".split()
)
# Leading words that are not part of the name after them (次期計画 → 計画; 市内の大学 → 大学).
LEADING_GENERIC = re.compile(
    r"^(?:次期|各種|国の|市の|県の|区の|都の|市内|県内|区内|国内|海外|全国の|毎年|毎月|例年|改正|同|各|旧|新|・)+"
)
# 〇賞 that is a verb or a word, not a prize (鑑賞, 受賞, 入賞).
NOT_A_PRIZE = frozenset("鑑賞 受賞 入賞 授賞 観賞 激賞 懸賞 褒賞 恩賞 副賞".split())
# Plans made per person, facility or building (介護予防サービス計画, 避難確保計画): kinds, never one plan.
GENERIC_PLAN_ENDINGS = ("サービス計画", "避難確保計画", "ケアプラン", "サポートプラン", "都市計画")
# Words made of generic parts that name one thing (特別区: Tokyo's 23 wards): a name holding one is no kind.
SPECIFIC_WORDS = ("特別区",)

# The words a name of each category may be made of and still be a kind, not one thing (see names.is_generic).
VOCABULARY = {
    "partner": re.compile(alternation(GENERIC_PARTS)),
    "plan": re.compile(alternation(PLAN_GENERIC_PARTS)),
    "law": re.compile(alternation(LAW_GENERIC_PARTS)),
    "event": re.compile(alternation(EVENT_GENERIC_PARTS)),
}
