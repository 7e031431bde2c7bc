import pytest

from summarizer import load_reports
from summarizer.errors import BinaryInputError, EmptyInputError, NotAReportError
from summarizer.extract.rules import extract_rules
from summarizer.read import decode, read_text
from summarizer.split import split_reports
from tests.conftest import CORPUS, FILES, corpus_reports

SCRAPED = CORPUS.parent.parent / "tests" / "fixtures" / "scraped"

# Hand-checked truth, read from each text: region, admin_level, year, doc_type, title, speaker,
# and the GDP growth target (low, high, qualifier)
SCRAPED_TRUTH = {
    "national_2024_qqi-w.txt": (
        ("全国", "national", 2024, "work_report", "政府工作报告", "总理 李强"),
        (5.0, 5.0, "about"),
    ),
    "national_2022_reviona.txt": (
        ("全国", "national", 2022, "work_report", None, None),
        (5.5, 5.5, "about"),
    ),
}

# Page furniture as government and news sites put it around a report (constructed, see SOURCES.md)
_HEAD = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府工作报告_中国政府网</title>'
    "<script>var nav = '首页 政府工作报告';</script><style>p{}</style></head><body>"
    '<div class="nav"><a href="/">首页</a> &gt; <a href="/zhengce">政策</a> &gt; 政府工作报告</div>'
    "<div>2024-03-05 来源：新华社</div><h1>政府工作报告</h1>"
    "<p>图为3月5日，国务院总理李强在人民大会堂向大会作政府工作报告。新华社记者 摄</p>"
    "<p>十四届全国人大二次会议5日上午在人民大会堂开幕。国务院总理李强代表国务院向大会作政府工作报告。</p>"
)
_TAIL = (
    '<div class="editor">【责任编辑：王某】</div><div>相关新闻</div><ul>'
    '<li><a href="/a">2023年政府工作报告</a></li><li><a href="/b">一图读懂2024年政府工作报告</a></li>'
    "</ul><div>版权所有：中国政府网 | 网站标识码bm01000001</div></body></html>"
)


def _scraped(name: str) -> str:
    return decode((SCRAPED / name).read_bytes())


def _as_page(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return _HEAD + paragraphs + _TAIL


PROVINCES_004 = (
    "安徽省 北京市 重庆市 福建省 甘肃省 广东省 广西壮族自治区 贵州省 海南省 河北省 河南省 黑龙江省 湖北省 湖南省 "
    "吉林省 江苏省 江西省 辽宁省 内蒙古自治区 宁夏回族自治区 青海省 山东省 山西省 陕西省 上海市 天津市 西藏自治区 "
    "新疆维吾尔自治区 浙江省"
).split()
DISTRICTS_001 = "渝北区 巫山县 合川区 垫江县 云阳县 丰都县 南川区 忠县 渝中区 南岸区".split()


@pytest.mark.parametrize("name", list(FILES))
def test_every_report_is_an_exact_slice_of_its_file(name):
    text = read_text(CORPUS / FILES[name])
    for report in corpus_reports(name):
        assert text[report.offset : report.offset + len(report.text)] == report.text
        assert report.text == report.text.strip()


def test_provincial_collection_gives_29_reports_without_its_table_of_contents():
    reports = corpus_reports("provinces")
    assert [r.meta.region for r in reports] == PROVINCES_004
    assert [r.index for r in reports] == list(range(29))
    for report in reports:
        assert report.text.startswith("【第")
        assert "....." not in report.text  # TOC leaders stay out
        assert "公选王" not in report.text
        assert "各位代表" in report.text[:400]


def test_district_collection_gives_10_reports_without_site_boilerplate():
    reports = corpus_reports("chongqing_districts")
    assert [r.meta.region for r in reports] == DISTRICTS_001
    for report in reports:
        assert report.text.startswith("【")
        assert "2025-07-08" not in report.text  # crawl date
        assert "投稿" not in report.text and "400-162-2002" not in report.text
        assert report.text.endswith(("!", "。", "！"))


def test_single_reports_give_one_each():
    for name in ("bazhong", "bazhou_plan", "qianjiang"):
        assert len(corpus_reports(name)) == 1


def test_plan_outline_drops_page_furniture():
    (plan,) = corpus_reports("bazhou_plan")
    head = plan.text[:300]
    for furniture in ("发表于", "收藏", "详情", "可行性研究报告"):
        assert furniture not in head
    assert plan.text.startswith("巴中市巴州区国民经济和社会发展")
    assert "温馨提示" not in plan.text and "下载附件" not in plan.text


def test_typo_in_title_keeps_the_region_and_year_from_the_report():
    hechuan = next(r for r in corpus_reports("chongqing_districts") if r.meta.region == "合川区")
    assert "201年合川区" in hechuan.meta.title
    assert hechuan.meta.year == 2021  # from the delivery date, not the typo


def test_load_reports_accepts_text(tmp_path):
    text = (CORPUS / FILES["qianjiang"]).read_text(encoding="utf-8")
    (report,) = load_reports(text)
    assert report.source is None and report.offset == text.index(report.text)
    assert report.meta.region == "黔江区"


def test_load_reports_reads_gbk_files(tmp_path):
    text = (CORPUS / FILES["bazhong"]).read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    (report,) = load_reports(path)
    assert report.meta.region == "巴中市"


def test_bad_input_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(EmptyInputError):
        load_reports(empty)
    with pytest.raises(BinaryInputError):
        load_reports(binary)
    with pytest.raises(EmptyInputError):
        load_reports("")
    with pytest.raises(NotAReportError):
        load_reports("收藏\n详情\n")


def test_text_that_looks_like_no_path_is_read_as_text():
    # one line longer than a file name may be, and one with a NUL byte: text, not an OSError
    for text in ("地区生产总值增长6%左右，" * 300, "各位代表：地区生产总值增长6%\x00" * 10):
        (report,) = load_reports(text)
        assert report.source is None and report.text == text.strip()


@pytest.mark.parametrize("name", sorted(SCRAPED_TRUTH))
def test_scraped_report_gives_one_report_with_true_metadata_and_gdp_target(name):
    (meta_truth, gdp_truth) = SCRAPED_TRUTH[name]
    text = _scraped(name)
    (report,) = split_reports(text)
    assert text[report.offset : report.offset + len(report.text)] == report.text
    meta = report.meta
    assert (meta.region, meta.admin_level, meta.year, meta.doc_type, meta.title, meta.speaker) == meta_truth
    (gdp,) = [g for g in extract_rules(report).goals if g.indicator == "gdp_growth"]
    assert (gdp.low, gdp.high, gdp.qualifier, gdp.horizon) == (*gdp_truth, meta_truth[2])


def test_html_page_with_captions_news_line_and_link_list_gives_one_report():
    page = _as_page(_scraped("national_2024_qqi-w.txt"))
    text = decode(page.encode("utf-8"))
    (report,) = split_reports(text)
    assert report.text.startswith("政府工作报告——2024年3月5日")
    for furniture in ("图为", "新华社记者", "责任编辑", "相关新闻", "版权所有", "一图读懂", "var nav"):
        assert furniture not in report.text
    meta = report.meta
    assert (meta.region, meta.admin_level, meta.year, meta.title, meta.speaker) == (
        "全国", "national", 2024, "政府工作报告", "总理 李强",
    )  # fmt: skip
    assert not report.warnings


def test_report_present_twice_comes_out_once_with_a_warning(caplog):
    report_text = _scraped("national_2022_reviona.txt")
    page = (
        "2022年政府工作报告\n来源：中国政府网\n"
        + report_text
        + "\n\n打印版\n\n2022年政府工作报告\n"
        + report_text
    )
    with caplog.at_level("WARNING", logger="summarizer.split"):
        (report,) = split_reports(page)
    assert "appears twice" in report.warnings[0] and "appears twice" in caplog.text
    assert report.meta.year == 2022 and report.meta.region == "全国"


def test_two_distinct_reports_in_one_file_give_two():
    a, b = _scraped("national_2022_reviona.txt"), _scraped("national_2024_qqi-w.txt")
    reports = split_reports("2022年政府工作报告\n" + a + "\n\n" + b)
    assert [r.meta.year for r in reports] == [2022, 2024]
    assert reports[0].meta.title == "2022年政府工作报告" and not reports[0].warnings


def test_captions_and_news_lines_never_start_a_report():
    body = _scraped("national_2022_reviona.txt")
    lines = body.splitlines()
    noisy = "\n".join(
        [*lines[:20], "图为代表们认真审议政府工作报告。（记者 摄）", "政府工作报告", *lines[20:]]
    )
    (report,) = split_reports("国务院总理李克强向大会作政府工作报告\n" + noisy)
    assert report.text.startswith("各位代表：")
