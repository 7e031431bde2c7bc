import pytest

from summarizer.meta import detect_meta
from tests.conftest import corpus_report, corpus_reports


@pytest.mark.parametrize(
    "name, region, level, year, doc_type, date, speaker",
    [
        ("bazhong", None, "prefecture", 2020, "work_report", "2020-05-15", "市长 何平"),
        ("qianjiang", None, "county-district", 2019, "work_report", "2019-01-15", "区长 徐江"),
        ("bazhou_plan", None, "county-district", 2021, "plan_outline", "2021-03", None),
        ("provinces", "安徽省", "province", 2020, "work_report", "2020-01-12", "省长 李国英"),
        ("provinces", "北京市", "province", 2020, "work_report", "2020-01-12", "市长 陈吉宁"),
        (
            "provinces",
            "江苏省",
            "province",
            2020,
            "work_report",
            "2020-01-15",
            "省长 吴政隆",
        ),  # 二〇二〇年一月十五日
        ("provinces", "河南省", "province", 2020, "work_report", "2020-01-10", "代省长 尹弘"),
        ("provinces", "西藏自治区", "province", 2020, "work_report", "2020-01-07", "主席 齐扎拉"),
        ("provinces", "吉林省", "province", 2020, "work_report", "2020-01-12", "景俊海"),  # no office stated
        ("chongqing_districts", "渝北区", "county-district", 2021, "work_report", "2021-03-10", "区长 谭庆"),
        ("chongqing_districts", "忠县", "county-district", 2021, "work_report", "2021-02-04", "县长 黄祖英"),
        (
            "chongqing_districts",
            "渝中区",
            "county-district",
            2021,
            "work_report",
            "2021-03-18",
            "区长 左永祥",
        ),
    ],
)
def test_metadata(name, region, level, year, doc_type, date, speaker):
    report = corpus_report(name, region)
    meta = report.meta
    assert (meta.admin_level, meta.year, meta.doc_type, meta.date, meta.speaker) == (
        level, year, doc_type, date, speaker,
    )  # fmt: skip


def test_regions_of_single_reports():
    assert corpus_report("bazhong").meta.region == "巴中市"
    assert corpus_report("qianjiang").meta.region == "黔江区"  # 重庆市黔江区: the most specific
    assert corpus_report("bazhou_plan").meta.region == "巴州区"


def test_every_corpus_report_has_complete_metadata():
    for name in ("bazhong", "chongqing_districts", "bazhou_plan", "qianjiang", "provinces"):
        for report in corpus_reports(name):
            meta = report.meta
            assert meta.region and meta.admin_level and meta.year and meta.date and meta.title


@pytest.mark.parametrize(
    "opening, region, level, year, speaker",
    [
        # the meeting line fixes region and year when the title has neither
        (
            "政府工作报告\n——在宁夏回族自治区第十三届人民代表大会第四次会议上\n自治区主席 张某某\n",
            "宁夏回族自治区",
            "province",
            2026,
            "主席 张某某",
        ),
        (
            "2026年自治区政府工作报告\n——在第十四届全国人民代表大会第四次会议上\n",
            "全国",
            "national",
            2026,
            None,
        ),
        ("2023年清苑区政府工作报告\n\n", "清苑区", "county-district", 2023, None),
        ("2026年广西政府工作报告\n", "广西壮族自治区", "province", 2026, None),
        # a name in a sentence is never the speaker
        ("政府工作报告\n省长许某向大会作政府工作报告。\n", None, None, None, None),
    ],
)
def test_metadata_from_the_opening_block(opening, region, level, year, speaker):
    text = opening + "各位代表：\n现在，我代表人民政府，向大会报告工作。\n一、过去一年工作回顾\n"
    meta = detect_meta(text, title=opening.splitlines()[0])
    assert (meta.region, meta.admin_level, meta.year, meta.speaker) == (region, level, year, speaker)


def test_year_from_review_and_plan_structure():
    text = "一、2025年工作回顾\n过去一年……\n二、2026年政府工作任务\n今年……"
    assert detect_meta(text).year == 2026


def test_spaced_title_and_a_speaker_line_ending_in_crlf():
    # the opening of the 海拉尔区 2015 report exactly as the GBK file has it (CRLF, full-width spaces)
    from summarizer import load_reports

    text = (
        "政 府 工 作 报 告\r\n\r\n--2015年2月5日在海拉尔区第十四届人民代表大会第四次会议上\r\n\r\n"
        "海拉尔区人民政府区长\u3000\u3000杜联合\r\n\r\n\u3000\u3000各位代表：\r\n"
        "\u3000\u3000现在，我代表海拉尔区人民政府向大会作工作报告，请予审议。\r\n"
        "\u3000\u3000一、2014年工作回顾\r\n"
        + "\u3000\u3000过去的一年，经济社会保持良好的发展态势。\r\n"
        * 200
    )
    [report] = load_reports(text)
    assert report.text.startswith("政 府 工 作 报 告")  # the title belongs to the report
    m = report.meta
    assert (m.region, m.year, m.title, m.date, m.speaker) == (
        "海拉尔区",
        2015,
        "政 府 工 作 报 告",
        "2015-02-05",
        "区长 杜联合",
    )


def test_year_from_a_review_heading_that_names_this_year_too():
    opening = (
        "各位代表：\n\n现在，我代表国务院，向大会报告政府工作，请予审议。\n\n一、2019年和今年以来工作回顾\n\n"
    )
    meta = detect_meta(opening + "去年，我国发展面临诸多困难挑战。\n" * 50)
    assert (meta.region, meta.admin_level, meta.year) == ("全国", "national", 2020)


def test_speaker_from_a_line_saying_who_delivers_the_report_when_the_opening_names_nobody():
    from pathlib import Path

    from summarizer import load_reports

    corpus = Path(__file__).resolve().parent.parent / "evals" / "corpus"
    # a gov.cn page without its title block; a photo caption inside section 一 says who spoke
    [report] = load_reports(corpus / "102_national_2017.html")
    assert report.meta.speaker == "总理 李克强"
    [report] = load_reports(corpus / "101_national_2016.html")  # no such line: None, not a guess
    assert report.meta.speaker is None
    # a province citing the premier's report is not the premier's report
    text = (
        "各位代表：\n现在，我代表省人民政府作工作报告。\n一、2016年工作回顾\n国务院总理李克强作政府工作报告。"
        + ("全省地区生产总值增长7%。\n" * 50)
    )
    [report] = load_reports(text.replace("各位代表", "河北省政府工作报告\n各位代表", 1))
    assert report.meta.region == "河北省" and report.meta.speaker is None


def test_a_spaced_title_and_a_short_delivery_line_say_work_report():
    # the 海拉尔区 2012 opening (113_hailar_2012.txt): spaced title, and a review headed 过去一年工作回顾
    head = "政 府 工 作 报 告\n\n----2012年2月29日在海拉尔区第十三届人民代表大会第六次会议上\n\n海拉尔区人民政府区长\u3000\u3000张天喜\n\n"
    body = "\u3000\u3000各位代表：\n\u3000\u3000现在，我代表区政府向大会作工作报告，请予审议。\n\u3000\u3000一、过去一年工作回顾\n"
    meta = detect_meta(head + body + "全区地区生产总值增长12%。\n" * 50)
    assert (meta.doc_type, meta.region, meta.year) == ("work_report", "海拉尔区", 2012)
    meta = detect_meta(
        body + "全区地区生产总值增长12%。\n" * 50
    )  # no title at all: the delivery line says it
    assert meta.doc_type == "work_report"


def test_a_collections_heading_above_the_title_and_full_width_digits_in_the_meeting_line():
    # national 2022 (evals/corpus/112_national_2022.txt) as news sites and collections re-publish it: their own
    # heading above the document's title, a dateline, and the meeting line in full-width digits
    from pathlib import Path

    from summarizer import load_reports

    corpus = Path(__file__).resolve().parent.parent / "evals" / "corpus"
    body = (corpus / "112_national_2022.txt").read_text(encoding="utf-8")
    body = body[body.index("各位代表") :]
    head = (
        "2022年国务院政府工作报告\n新华社北京３月１２日电\n政府工作报告\n"
        "——２０２２年３月５日在第十三届全国人民代表大会第五次会议上\n国务院总理　李克强\n"
    )
    [report] = load_reports(head + body)
    m = report.meta
    assert (m.title, m.date, m.speaker, m.region, m.year) == (
        "政府工作报告",
        "2022-03-05",
        "总理 李克强",
        "全国",
        2022,
    )


def test_a_photo_caption_inside_the_opening_block_is_stepped_over():
    # national 2007 (evals/corpus/126_national_2007.txt): a photo caption between the speaker line and 各位代表
    from pathlib import Path

    from summarizer import load_reports

    [report] = load_reports(
        Path(__file__).resolve().parent.parent / "evals" / "corpus" / "126_national_2007.txt"
    )
    m = report.meta
    assert (m.title, m.date, m.speaker, m.doc_type) == (
        "政府工作报告",
        "2007-03-05",
        "总理 温家宝",
        "work_report",
    )
    assert report.text.startswith("政府工作报告")
