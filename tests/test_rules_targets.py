"""Targets in the forms of issue 10 and domain.md: any range dash, units as written, shared numbers, 分别
pairs, base years, plan-period averages, carbon intensity, the national report, and targets stated in the
tasks (with `stated_in`). The texts are real excerpts (national reports 2016, 2019, 2020, 2022, 2024 and
the forms quoted in the issue)."""

from __future__ import annotations

import pytest

from summarizer.extract.rules.goals import extract_goals, plan_end, target_passages
from summarizer.models import Report, ReportMeta


def _goals(body: str, year: int = 2024, tasks: str = ""):
    text = (
        f"各位代表：\n二、{year}年工作安排\n今年发展主要预期目标是：{body}\n（一）着力扩大有效需求。{tasks}\n"
    )
    return extract_goals(Report(text=text, meta=ReportMeta(year=year)))


def _by(goals, indicator):
    found = [g for g in goals if g.indicator == indicator]
    assert len(found) == 1, [(g.indicator, g.evidence.quote) for g in goals]
    return found[0]


@pytest.mark.parametrize("dash", ["-", "－", "—", "～", "至", "–"])
def test_a_range_with_any_dash_or_word(dash):
    gdp = _by(_goals(f"国内生产总值增长6%{dash}6.5%；"), "gdp_growth")
    assert (gdp.low, gdp.high, gdp.qualifier, gdp.unit) == (6, 6.5, "range", "%")


def test_a_range_with_the_unit_written_once():
    gdp = _by(_goals("地区生产总值增长6-6.5%；"), "gdp_growth")
    assert (gdp.low, gdp.high, gdp.qualifier) == (6, 6.5, "range")


def test_the_national_target_list_2024():
    goals = _goals(
        "国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右；"
        "居民收入增长和经济增长同步；国际收支保持基本平衡；粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右，"
        "生态环境质量持续改善。"
    )
    gdp = _by(goals, "gdp_growth")
    assert (gdp.low, gdp.high, gdp.qualifier) == (5, 5, "about")
    grain = _by(goals, "grain_output")
    assert (grain.low, grain.high, grain.unit, grain.qualifier) == (1.3, None, "万亿斤", "at_least")
    jobs = _by(goals, "urban_new_jobs")
    assert (jobs.low, jobs.unit, jobs.qualifier) == (1200, "万人", "at_least")
    assert _by(goals, "cpi").low == 3
    energy = _by(goals, "energy_intensity")
    assert (energy.low, energy.qualifier, energy.base_year) == (2.5, "about", None)
    assert {g.stated_in for g in goals} == {"targets"}


def test_the_2016_range_with_a_full_width_hyphen():
    goals = _goals("国内生产总值增长6.5%－7%，居民消费价格涨幅3%左右，城镇新增就业1000万人以上。", year=2016)
    gdp = _by(goals, "gdp_growth")
    assert (gdp.low, gdp.high, gdp.qualifier, gdp.horizon) == (6.5, 7, "range", 2016)


def test_the_2020_national_report_sets_no_gdp_target():
    body = (
        "城镇新增就业900万人以上，城镇调查失业率6%左右，城镇登记失业率5.5%左右；居民消费价格涨幅3.5%左右；"
        "进出口促稳提质，国际收支基本平衡；居民收入增长与经济增长基本同步。"
        "需要说明的是，我们没有提出全年经济增速具体目标，主要因为全球疫情和经贸形势不确定性很大。"
    )
    goals = _goals(body, year=2020)
    assert not [g for g in goals if g.indicator == "gdp_growth"]
    assert _by(goals, "urban_new_jobs").low == 900


def test_units_as_written():
    goals = _goals("粮食产量稳定在80亿斤以上；细颗粒物（PM2.5）平均浓度控制在35微克/立方米以内；")
    grain = _by(goals, "grain_output")
    assert (grain.low, grain.unit) == (80, "亿斤")
    pm = [g for g in goals if g.unit == "微克/立方米"]
    assert pm and pm[0].high == 35 and pm[0].qualifier == "at_most"


def test_indicators_sharing_one_number():
    goals = _goals("社会消费品零售总额、固定资产投资增长4%左右；")
    for key in ("retail_sales_growth", "fixed_asset_investment_growth"):
        g = _by(goals, key)
        assert (g.low, g.high, g.qualifier) == (4, 4, "about")


def test_respectively_pairs_with_names_outside_the_taxonomy():
    goals = _goals("一产、二产、三产增加值分别增长5%左右、5%以上、5%左右；")
    assert [(g.indicator, g.low, g.qualifier) for g in goals] == [
        ("other", 5, "about"),
        ("other", 5, "at_least"),
        ("other", 5, "about"),
    ]


def test_urban_and_rural_pairs_named_by_the_clause_before():
    goals = _goals("居民人均可支配收入增长 7.5%左右，其中城镇和农村分别增长 7%左右和 7%以上；")
    urban, rural = _by(goals, "urban_disposable_income_growth"), _by(goals, "rural_disposable_income_growth")
    assert (urban.low, urban.qualifier) == (7, "about")
    assert (rural.low, rural.qualifier) == (7, "at_least")
    assert rural.evidence.quote.startswith("居民人均可支配收入")
    assert _by(goals, "disposable_income_growth").low == 7.5


def test_base_year_targets_are_not_annual_growth():
    goals = _goals(
        "单位地区生产总值能耗较 2015 年下降 17%，单位地区生产总值二氧化碳排放较 2015 年下降 20.5%；", 2020
    )
    energy, carbon = _by(goals, "energy_intensity"), _by(goals, "carbon_intensity")
    assert (energy.low, energy.base_year, energy.horizon) == (17, 2015, 2020)
    assert (carbon.low, carbon.base_year) == (20.5, 2015)


def test_carbon_intensity_beside_energy_intensity():
    goals = _goals("单位地区生产总值能耗降低2.5%左右，单位地区生产总值二氧化碳排放降低3.8%左右；")
    assert _by(goals, "carbon_intensity").low == 3.8
    assert _by(goals, "energy_intensity").low == 2.5


def test_an_annual_average_is_a_plan_period_target():
    goals = _goals("地区生产总值增长5%左右，“十五五”时期经济年均增长5%左右；", year=2026)
    horizons = sorted(g.horizon for g in goals if g.indicator == "gdp_growth")
    assert horizons == [2026, 2030]
    assert plan_end(2016) == 2020 and plan_end(2021) == 2025 and plan_end(2025) == 2025


def test_delegated_energy_and_emissions_are_one_item_other_things_keep_theirs():
    goals = _goals("单位生产总值能耗降低、主要污染物排放量降低完成国家下达目标任务；")
    assert [(g.indicator, g.qualifier) for g in goals] == [("energy_intensity", "delegated")]
    goals = _goals("城镇登记失业率、节能减排、安全生产等约束性指标完成市确定的目标；")
    assert sorted(g.indicator for g in goals) == ["energy_intensity", "other", "registered_unemployment_rate"]


def test_targets_stated_in_the_tasks():
    tasks = (
        "确保城镇新增就业100万人以上。全年研发投入强度达3.3%左右，确保粮食产量80亿斤以上。"
        "全年规上工业增加值增长6%以上。新开工省重点项目120个以上。去年城镇新增就业80万人以上。"
        "到2025年，研发投入强度达到3.5%以上。促进更充分更高质量就业。新增城镇就业 70 万人。"
        "城镇新增就业预期目标比去年多100万人，突出了更加重视就业的导向。"
    )
    goals = _goals("地区生产总值增长6%左右；", tasks=tasks)
    tasks_goals = [g for g in goals if g.stated_in == "tasks"]
    assert sorted((g.indicator, g.low, g.unit) for g in tasks_goals) == [
        ("grain_output", 80, "亿斤"),
        ("industrial_value_added_growth", 6, "%"),
        ("rd_intensity", 3.3, "%"),
        ("urban_new_jobs", 70, "万人"),  # 湖南省 2020: a plain figure in the tasks is planned too
        ("urban_new_jobs", 100, "万人"),
    ]
    assert _by(goals, "gdp_growth").stated_in == "targets"


def test_a_target_restated_in_the_tasks_is_not_repeated():
    goals = _goals("城镇新增就业1200万人以上；", tasks="确保城镇新增就业1200万人以上。")
    assert [g.stated_in for g in goals] == ["targets"]


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [  # national reports 2017, 2015, 2016, 2020 (evals/corpus/10x_national_*.html)
        ("今年赤字率拟按3%安排，财政赤字2.38万亿元，比去年增加2000亿元。", 3, "point"),
        ("今年拟安排财政赤字1.62万亿元，比去年增加2700亿元，赤字率从去年的2.1%提高到2.3%。", 2.3, "point"),
        ("今年拟安排财政赤字2.18万亿元，比去年增加5600亿元，赤字率提高到3%。", 3, "point"),
        ("今年赤字率拟按3.6%以上安排，财政赤字规模比去年增加1万亿元。", 3.6, "at_least"),
        # the longer name of evals/GUIDE.md's deficit row
        ("今年财政赤字占国内生产总值的比重下降到1.5%左右。", 1.5, "about"),
    ],
)
def test_the_planned_deficit_ratio_is_a_tasks_target(sentence, value, qualifier):
    deficit = _by(_goals("国内生产总值增长6%左右；", tasks=sentence), "deficit_ratio")
    assert (deficit.low, deficit.qualifier, deficit.stated_in) == (value, qualifier, "tasks")
    # a comparison with last year does not make it last year's; 去年 as the time of the figure does
    assert not [
        g for g in _goals("国内生产总值增长6%左右；", tasks="去年赤字率为2.1%。") if g.stated_in == "tasks"
    ]


def test_a_growth_after_a_level_is_the_growth_target_of_the_named_indicator():
    # 海拉尔区 2012 (evals/corpus/113_hailar_2012.txt): level first, then 同比增长
    body = "地区生产总值达到240亿元，同比增长21%；固定资产投资完成194亿元，同比增长25％；城镇人均可支配收入达到23896元，同比增长18％。"
    goals = _goals(body, year=2012)
    gdp = _by(goals, "gdp_growth")
    assert (gdp.low, gdp.unit, gdp.evidence.quote) == (21, "%", "地区生产总值达到240亿元，同比增长21%")
    assert _by(goals, "fixed_asset_investment_growth").low == 25
    assert _by(goals, "urban_disposable_income_growth").low == 18
    assert sorted(g.low for g in goals if g.indicator == "other") == [194, 240, 23896]  # the levels stay


def test_targets_in_a_plan_period_section_carry_the_periods_end():
    # national 2016 (evals/corpus/101_national_2016.html): a section on the 十三五 targets, after this year's
    text = (
        "各位代表：\n一、2015年工作回顾\n国内生产总值增长6.9%。\n二、“十三五”时期主要目标\n"
        "“十三五”时期经济年均增长保持在6.5%以上。到2020年，力争在基础研究领域取得重大突破，"
        "全社会研发经费投入强度达到2.5%，科技进步对经济增长的贡献率达到60%。实现城镇新增就业5000万人以上。"
        "单位国内生产总值用水量、能耗、二氧化碳排放量分别下降23%、15%、18%。\n"
        "三、2016年重点工作\n今年发展的主要预期目标是：国内生产总值增长6.5%－7%。\n"
    )
    goals = extract_goals(Report(text=text, meta=ReportMeta(year=2016)))
    period = {g.indicator: (g.low, g.horizon) for g in goals if g.stated_in != "targets"}
    assert period == {
        "gdp_growth": (6.5, 2020),
        "rd_intensity": (2.5, 2020),
        "urban_new_jobs": (5000, 2020),
        "energy_intensity": (15, 2020),  # a figure with no target word: the section says what it is
        "carbon_intensity": (18, 2020),  # the list shares 单位国内生产总值: CO2 per unit of GDP
    }
    assert _by([g for g in goals if g.stated_in == "targets"], "gdp_growth").horizon == 2016


def test_a_target_stated_in_its_sentence_without_a_colon():
    # national 2003 and 2004 (evals/corpus/122_national_2003.txt, 123_national_2004.txt)
    tasks = "综合分析国内外各种情况，今年经济增长预期目标为７％左右，这是必要的。今年的预期目标是，新增城镇就业９００万人。"
    text = f"各位代表：\n一、过去一年工作回顾\n国内生产总值增长8%。\n二、对今年政府工作的建议\n（一）扩大内需\n{tasks}\n"
    goals = extract_goals(Report(text=text, meta=ReportMeta(year=2004)))
    assert (_by(goals, "gdp_growth").low, _by(goals, "gdp_growth").qualifier) == (7, "about")
    assert _by(goals, "urban_new_jobs").low == 900


def test_the_eleventh_plan_named_in_full_sets_the_horizon():
    # national 2006 (evals/corpus/125_national_2006.txt): a section on the 十一五 plan outline
    text = (
        "各位代表：\n一、去年工作回顾\n国内生产总值增长9.9%。\n二、今年主要任务\n今年主要预期目标是：国内生产总值增长8%左右。\n"
        "三、关于《国民经济和社会发展第十一个五年规划纲要（草案）》的说明\n《纲要（草案）》提出了“十一五”时期的主要目标。\n"
        "一是关于经济增长速度问题。《纲要（草案）》提出，今后五年国内生产总值年均增长7.5%，这是可以实现的。\n"
        "五年来，人民生活明显改善。城镇新增就业4200万人。\n"
        "二是关于节能问题。《纲要（草案）》提出了“十一五”期间单位国内生产总值能源消耗降低20%左右等目标。\n"
    )
    goals = [g for g in extract_goals(Report(text=text, meta=ReportMeta(year=2006))) if g.horizon == 2010]
    assert {(g.indicator, g.low) for g in goals} == {("gdp_growth", 7.5), ("energy_intensity", 20)}


def test_poverty_targets_with_the_figure_before_the_name():
    # 甘肃省 and 广西壮族自治区 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt), national 2016
    goals = _goals(
        "实现剩余 17.5 万贫困人口脱贫，8 个贫困县摘帽退出，务必确保如期全面完成脱贫攻坚任务；生产总值增长 6%。",
        year=2020,
        tasks=(
            "今年必须全面完成剩下的 24 万贫困人口脱贫、660 个贫困村出列和 8 个贫困县摘帽任务。"
            "今年要完成1000万以上农村贫困人口脱贫任务。"
            "为全省65岁以上老年人、4.5万名脱贫攻坚一线干部免费体检一次。"
            "确保现行标准下剩余的 19.9 万农村贫困人口全部脱贫。"  # 湖南省 2020
        ),
    )
    found = [(g.stated_in, g.indicator, g.low, g.unit, g.qualifier, g.evidence.quote) for g in goals]
    assert found == [
        ("targets", "poverty_reduction", 17.5, "万人", "point", "实现剩余 17.5 万贫困人口脱贫"),
        ("targets", "poverty_counties_exited", 8, "个", "point", "8 个贫困县摘帽"),
        ("targets", "gdp_growth", 6, "%", "point", "生产总值增长 6%"),
        ("tasks", "poverty_reduction", 24, "万人", "point", "今年必须全面完成剩下的 24 万贫困人口脱贫"),
        ("tasks", "poverty_villages_exited", 660, "个", "point", "660 个贫困村出列"),
        # the tasks' "8 个贫困县摘帽" restates the passage's target: kept once
        ("tasks", "poverty_reduction", 1000, "万人", "at_least", "今年要完成1000万以上农村贫困人口脱贫"),
        (
            "tasks",
            "poverty_reduction",
            19.9,
            "万人",
            "point",
            "确保现行标准下剩余的 19.9 万农村贫困人口全部脱贫",
        ),
    ]  # the cadres of 脱贫攻坚 are not people leaving poverty


def test_a_quantified_target_naming_no_standard_indicator_is_other():
    # 甘肃省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt) and a 十四五 passage of a county (001_*.txt)
    goals = _goals(
        "生产总值增长 6%；十大生态产业增加值占生产总值比重达到 28%；城镇新增就业 34 万人。", year=2020
    )
    other = _by(goals, "other")
    assert (other.low, other.unit, other.evidence.quote) == (
        28,
        "%",
        "十大生态产业增加值占生产总值比重达到 28%",
    )
    goals = _goals(
        "到2025年，全县地区生产总值达650亿元以上，年均增长8%左右；旅游产业增加值达33亿元，占地区生产总值比重达5%；"
        "地区生产总值年均增速高于全市平均水平，保持在7%左右。",
        year=2021,
    )
    found = [(g.indicator, g.low, g.evidence.quote) for g in goals if g.low is not None]
    assert found == [
        ("other", 650, "全县地区生产总值达650亿元以上"),
        ("gdp_growth", 8, "全县地区生产总值达650亿元以上，年均增长8%左右"),
        ("other", 33, "旅游产业增加值达33亿元"),
    ]  # a figure whose clause names nothing it measures is not quoted alone as a target


def test_a_name_broken_by_a_page_wrap_space():
    # national 2004 (evals/corpus/123_national_2004.txt): the scraped text breaks 经济 with a space
    tasks = "综合考虑各方面因素，中央提出今年经 济增长预期目标为７％左右。"
    text = f"各位代表：\n一、过去一年工作回顾\n国内生产总值增长9.1%。\n二、今年的主要任务\n（一）扩大内需\n{tasks}\n"
    gdp = _by(extract_goals(Report(text=text, meta=ReportMeta(year=2004))), "gdp_growth")
    assert (gdp.low, gdp.qualifier, gdp.evidence.quote) == (
        7,
        "about",
        "中央提出今年经 济增长预期目标为７％左右",
    )


def test_qualitative_targets_of_further_change_and_the_price_level():
    # national 2007 (evals/corpus/126_national_2007.txt) and 巴州区 2021 (evals/corpus/002_c4564f88c128cbf8.txt)
    goals = _goals(
        "物价总水平基本稳定；人均地区生产总值与全国全省差距进一步缩小；城乡收入差距进一步缩小。", year=2007
    )
    assert [(g.indicator, g.qualifier, g.evidence.quote) for g in goals] == [
        ("other", "qualitative", "物价总水平基本稳定"),
        ("other", "qualitative", "人均地区生产总值与全国全省差距进一步缩小"),
        ("other", "qualitative", "城乡收入差距进一步缩小"),  # a gap, not the income growth
    ]


def test_a_decrease_target_without_a_figure_and_more_unnamed_quantities():
    # 吉林省, 福建省, 山西省 and 青海省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt)
    goals = _goals(
        "实现单位GDP能耗下降目标；完成节能减排降碳目标；城镇棚户区住房改造开工 2.7 万套；"
        "农牧区劳动力转移就业 105 万人次；努力实现全面建成小康社会目标任务。",
        year=2020,
    )
    assert [(g.indicator, g.qualifier, g.low, g.unit) for g in goals] == [
        ("energy_intensity", "qualitative", None, None),
        ("energy_intensity", "qualitative", None, None),
        ("other", "point", 2.7, "万套"),
        ("other", "point", 105, "万人次"),
    ]  # a task of the whole year (全面建成小康社会目标任务) is no indicator's target


def test_a_sentence_referring_back_to_the_targets_opens_no_passage():
    # 海拉尔区 2017 (evals/corpus/108_hailar_2017.txt): the tasks open with "为实现上述预期目标…："
    text = (
        "各位代表：\n一、2016年工作回顾\n地区生产总值增长7%。\n二、2017年工作安排\n"
        "经济社会发展主要预期目标是:地区生产总值增长7.5%,达到326.4亿元。主要约束性指标达到上级要求。\n"
        "为实现上述预期目标,今年要突出抓好七方面工作:\n"
        "(一)全力打造国际化的草原音乐名城\n投资2.5亿元,实施俄罗斯风情精品街项目。"
        "加快推进便民市场建设,完成30座公厕新建改造,建成4座现代化的垃圾中转站。\n"
    )
    report = Report(text=text, meta=ReportMeta(year=2017))
    [passage] = target_passages(report)
    assert text[passage.start : passage.end].startswith("地区生产总值增长7.5%")
    assert "为实现上述预期目标" not in text[passage.start : passage.end]


def _plan(passage: str, year: int = 2021):
    """A county report whose 十四五 passage and the plan's tasks share one paragraph, as in 001_*.txt."""
    text = (
        "各位代表:\n一、2020年工作回顾\n地区生产总值增长4%。\n二、“十四五”时期目标任务\n"
        f"“十四五”时期,我县经济社会发展的主要目标是:{passage}\n"
        f"三、{year}年重点工作\n今年全县经济社会发展的主要预期目标是:地区生产总值增长8%。\n"
    )
    return extract_goals(Report(text=text, meta=ReportMeta(year=year)))


def test_a_plan_passage_stops_at_tasks_led_by_their_period_or_after_a_half_width_stop():
    # 巫山县 and 南岸区 2021 (evals/corpus/001_1942fa47ad5fe32d.txt): the plan's tasks follow in the same line
    goals = _plan(
        "到2025年基本实现:地区生产总值年均增长8%。一个有形象、有特色、有气派的现代化巫山将在三峡库区绿色崛起。"
        "“十四五”时期,我们将重点推进九项工作:围绕建设山清水秀美丽之地,打造高颜值长江上游重要生态屏障区。"
        "到2025年完成主要污染物排放总量控制任务,森林覆盖率达65%,长江干次流监测断面水质达标率100%。"
    )
    assert [(g.indicator, g.low) for g in goals if g.stated_in == "targets" and g.horizon == 2025] == [
        ("gdp_growth", 8)
    ]
    goals = _plan(
        "全体居民人均可支配收入年均增长7.5%左右。我区在成渝地区双城经济圈建设中的支撑、带动、示范作用将充分彰显!"
        "实现上述目标,我们要坚持党的全面领导,重点抓好以下工作: (七)实行更高水平开放,建设内陆开放高地新门户。"
        "全面提升开放型经济水平,加强外贸外资外经联动,“十四五”时期利用外资60亿美元、招商引资到位投资额突破400亿元。"
    )
    assert [(g.indicator, g.low) for g in goals if g.stated_in == "targets" and g.horizon == 2025] == [
        ("disposable_income_growth", 7.5)
    ]


def test_unnamed_quantities_of_a_plan_passage_that_ends_and_its_vision():
    # 丰都县, 云阳县 and 忠县 2021 (evals/corpus/001_1942fa47ad5fe32d.txt)
    goals = _plan(
        "“一城一枢纽四基地”建设取得重大进展,旅游综合收入达到200亿元,农业增加值超过60亿元,工业总产值突破500亿元。"
        "到2025年,R&D占GDP比重达到2.5%,万人发明专利拥有量达到10件以上。"
        "到2025年,常住人口城镇化率达到60%,人均公园绿地面积达到23平方米。"
        "城区空气质量优良天数稳定达到340天以上。"
        "展望二〇三五年,我县将与全国全市一道基本实现社会主义现代化,经济总量较2020年翻两番,人均地区生产总值超过2万美元。"
        "现代化经济体系初步建成。城市品质大幅提升,城市建成区面积达到50平方公里,城市人口达到50万人。"
        "面向“十四五”、展望二〇三五,我们将重点从七个方面砥砺奋进。 (一)在基础设施建设上实现新突破。"
        "旅游接待超过2500万人次。"
    )
    found = [(g.low, g.unit, g.qualifier, g.horizon) for g in goals if g.indicator == "other"]
    assert found == [
        (200, "亿元", "point", 2025),
        (60, "亿元", "at_least", 2025),
        (500, "亿元", "at_least", 2025),
        (10, "件", "at_least", 2025),
        (60, "%", "point", 2025),
        (23, "平方米", "point", 2025),
        (340, "天", "at_least", 2025),
        (None, None, "qualitative", 2035),  # 翻两番, no longer the 2万美元's clause
        (2, "万美元", "at_least", 2035),
        (50, "平方公里", "point", 2035),  # the vision runs on over its sentences
        (50, "万人", "point", 2035),
    ]  # 2500万人次 is one of the plan's tasks
    # 南川区 2021: a passage with no stop runs over the plan's numbered tasks, whose figures are no targets
    goals = _plan(
        "社会文明程度达到新高度,城乡居民收入迈上新台阶。 (六)努力在保障和改善民生上实现突破。"
        "推进基本公共教育优质均衡发展,深化新时代教育评价改革,力争落地建成1-2所高等教育院校,建设高质量教育体系。"
    )
    assert [g for g in goals if g.indicator == "other"] == []


def test_constraints_of_a_county_and_one_delegated_task_naming_no_standard_indicator():
    # 忠县 2021 (evals/corpus/001_1942fa47ad5fe32d.txt): 年均浓度 is no plan-period average
    goals = _goals(
        "地区生产总值增长8%左右。主要约束性指标是:长江干流忠县段水质满足水域功能要求,"
        "PM2.5年均浓度控制在每立方米35微克以内,万元GDP能耗下降3.5%,城镇新增就业7500人以上。",
        year=2021,
    )
    found = [(g.indicator, g.high, g.unit, g.qualifier, g.horizon, g.evidence.quote) for g in goals]
    assert found[1:4] == [
        ("other", None, None, "qualitative", 2021, "长江干流忠县段水质满足水域功能要求"),
        ("other", 35, "微克/立方米", "at_most", 2021, "PM2.5年均浓度控制在每立方米35微克以内"),
        ("energy_intensity", 3.5, "%", "point", 2021, "万元GDP能耗下降3.5%"),
    ]
    # 山西省 and 河南省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt)
    goals = _goals(
        "环境质量改善指标和主要污染物总量减排指标完成国家下达的目标任务。"
        "常住人口城镇化率和户籍人口城镇化率分别提高 1.5 个和 2 个百分点。",
        year=2020,
    )
    assert [(g.qualifier, g.low, g.unit) for g in goals] == [
        ("delegated", None, None),
        ("point", 1.5, "个百分点"),
        ("point", 2, "个百分点"),
    ]


def test_co2_in_a_per_unit_list_is_carbon_intensity():
    # 南岸区 2021 (evals/corpus/001_1942fa47ad5fe32d.txt)
    goals = _goals("“十四五”时期单位地区生产总值能源消耗、二氧化碳排放分别降低13%、16%；")
    assert [(g.indicator, g.low, g.horizon) for g in goals] == [
        ("energy_intensity", 13, 2025),
        ("carbon_intensity", 16, 2025),
    ]
