import pytest

from summarizer import load_reports
from summarizer.errors import BinaryInputError, EmptyInputError, NotAReportError
from summarizer.read import read_text
from tests.conftest import CORPUS, FILES, corpus_reports

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
