"""Achievements found by the rule extractor in review sections of real corpus reports."""

from __future__ import annotations

import pytest
from conftest import corpus_report

from summarizer.extract.rules.achievements import extract_achievements
from summarizer.extract.rules.indicators import find_indicators
from summarizer.models import Report, ReportMeta, SectionKind
from summarizer.segment import section_at, sections


def _by(items, indicator):
    return [a for a in items if a.indicator == indicator]


def test_estimates_are_marked_and_keep_their_qualifier():
    items = extract_achievements(corpus_report("provinces", "安徽省"))
    (gdp,) = _by(items, "gdp_growth")  # 预计 … 全省生产总值增长7.5%以上
    assert (gdp.value, gdp.qualifier, gdp.is_estimate, gdp.period) == (7.5, "at_least", True, "2019")
    (cpi,) = _by(items, "cpi")  # 居民消费价格涨幅2.7%, stated as a result, not an estimate
    assert (cpi.value, cpi.is_estimate) == (2.7, False)


def test_level_and_growth_from_one_clause_and_five_year_period():
    items = extract_achievements(corpus_report("chongqing_districts", "渝中区"))
    # 地区生产总值达到1358.5亿元、“十三五”期间年均增长4.8%
    level = [a for a in _by(items, "gdp") if a.value == 1358.5]
    growth = [a for a in _by(items, "gdp_growth") if a.value == 4.8]
    assert level and growth
    assert level[0].unit == "亿元" and growth[0].unit == "%"
    assert level[0].period == growth[0].period == "2016-2020"


def test_comparable_basis_variant_kept_as_a_second_item():
    items = _by(extract_achievements(corpus_report("provinces", "山东省")), "general_budget_revenue_growth")
    # 一般公共预算收入增长0.6%（剔除减税降费等因素，可比口径实际增长13%以上）
    assert sorted((a.value, a.qualifier) for a in items)[:2] == [(0.6, "point"), (13, "at_least")]


def test_a_sub_region_figure_is_not_the_regions_result():
    items = extract_achievements(corpus_report("provinces", "甘肃省"))
    assert not [a for a in items if a.value == 18.5]  # 兰州新区经济增长 18.5%


def test_project_totals_are_other_achievements():
    items = extract_achievements(corpus_report("bazhong"))
    totals = [a for a in items if a.indicator == "other" and a.value == 720.9]
    assert totals and totals[0].unit == "亿元"  # 297 个市级重点项目完成年度投资 720.9 亿元


def test_poverty_incidence_takes_the_final_figure():
    items = _by(extract_achievements(corpus_report("provinces", "安徽省")), "poverty_incidence")
    assert 0.16 in [a.value for a in items] and 0.93 not in [a.value for a in items]


def test_only_review_sections_and_exact_spans():
    report = corpus_report("provinces", "广东省")
    parts = sections(report)
    items = extract_achievements(report)
    assert len(items) >= 10
    for item in items:
        assert section_at(parts, item.evidence.start).kind == SectionKind.review
        assert report.text[item.evidence.start : item.evidence.end] == item.evidence.quote


def _one(items, indicator, value):
    found = [a for a in items if a.indicator == indicator and a.value == value]
    assert len(found) == 1, [(a.indicator, a.value) for a in items if a.indicator == indicator]
    return found[0]


def test_a_nameless_growth_clause_takes_the_level_clause_before_it():
    report = corpus_report("bazhong")
    items = extract_achievements(report)
    # 全年完成地区生产总值 754.29 亿元，比上年增长 6.0%
    level, growth = _one(items, "gdp", 754.29), _one(items, "gdp_growth", 6.0)
    assert level.evidence.quote == "全年完成地区生产总值 754.29 亿元"
    assert growth.evidence.quote == "全年完成地区生产总值 754.29 亿元，比上年增长 6.0%"
    assert report.text[growth.evidence.start : growth.evidence.end] == growth.evidence.quote
    assert _one(items, "retail_sales_growth", 8.0).unit == "%"  # 社会消费品零售总额 347.06 亿元，增长 8.0%
    assert _one(items, "general_budget_revenue_growth", 4.9)  # 地方一般公共预算收入 47.67 亿元，增长 4.9%
    # 辖内金融机构本外币存款贷款余额 1298.43 亿元、804.32 亿元，分别增长 4.1%、12.3%: no indicator to inherit
    assert not [a for a in items if a.value in (4.1, 12.3)]


def test_listed_urban_and_rural_figures_pair_in_order():
    items = extract_achievements(corpus_report("bazhong"))
    # 城乡居民人均可支配收入 33663 元、13232 元，分别增长 9.2%、10.2%
    assert _one(items, "urban_disposable_income", 33663).unit == "元"
    assert _one(items, "rural_disposable_income", 13232).unit == "元"
    assert _one(items, "urban_disposable_income_growth", 9.2).evidence.quote.endswith("分别增长 9.2%、10.2%")
    assert _one(items, "rural_disposable_income_growth", 10.2)
    assert not _by(items, "disposable_income")
    liaoning = extract_achievements(corpus_report("provinces", "辽宁省"))
    # 城乡居民人均可支配收入39777元和16108元，分别增长6.5%和9.9%
    assert _one(liaoning, "rural_disposable_income_growth", 9.9)
    # 城乡居民人均收入年均增长7.6%、9.2% (no 分别: two figures after one 城乡 name)
    nanchuan = extract_achievements(corpus_report("chongqing_districts", "南川区"))
    assert _one(nanchuan, "urban_disposable_income_growth", 7.6)
    assert _one(nanchuan, "rural_disposable_income_growth", 9.2)


def test_names_listed_before_respectively_take_their_own_figure():
    items = extract_achievements(corpus_report("chongqing_districts", "垫江县"))
    # 规上工业增加值、农业增加值、社会消费品零售总额年均分别增长6.2%、4.8%、6.7%
    assert _one(items, "industrial_value_added_growth", 6.2)
    assert 6.7 in [a.value for a in _by(items, "retail_sales_growth")]
    assert 6.2 not in [a.value for a in _by(items, "retail_sales_growth")]
    assert not [a for a in items if a.value == 4.8]  # 农业增加值 is outside the taxonomy


def test_a_change_from_one_figure_to_another_keeps_the_result():
    poverty = _by(extract_achievements(corpus_report("bazhong")), "poverty_incidence")
    rates = [a.value for a in poverty if a.unit == "%"]  # 贫困发生率由2018年底的2.1%降至0.06%
    assert rates == [0.06]
    wushan = _by(extract_achievements(corpus_report("chongqing_districts", "巫山县")), "retail_sales")
    assert [a.value for a in wushan] == [89.64]  # 从2015年的32.6亿元增至89.64亿元


def test_chinese_numerals_are_figures():
    items = extract_achievements(corpus_report("bazhou_plan"))
    assert _one(items, "poverty_reduction", 81679).unit == "人"  # 累计脱贫八万一千六百七十九人
    gdp = _one(items, "gdp", 200)  # 二○二○年地区生产总值突破二百亿元
    assert (gdp.unit, gdp.qualifier) == ("亿元", "at_least")


def test_times_figures_are_growth_in_bei():
    nanchuan = extract_achievements(corpus_report("chongqing_districts", "南川区"))
    # 社会固定资产投资累计完成900亿元,是“十二五”时期的1.5倍
    assert _one(nanchuan, "fixed_asset_investment", 900).unit == "亿元"
    assert _one(nanchuan, "fixed_asset_investment_growth", 1.5).unit == "倍"
    # "70 年来，…地区生产总值增长 215 倍": a multiple over decades is no growth rate (issue 10)
    hubei = extract_achievements(corpus_report("provinces", "湖北省"))
    assert not [a for a in hubei if a.unit == "倍"]
    # 城镇居民人均可支配收入近5万元、是2015年的1.5倍、高出全市平均水平15%
    yuzhong = extract_achievements(corpus_report("chongqing_districts", "渝中区"))
    assert 15 not in [a.value for a in _by(yuzhong, "urban_disposable_income_growth")]
    assert _one(yuzhong, "urban_disposable_income_growth", 1.5).unit == "倍"
    assert _one(yuzhong, "urban_disposable_income", 5).qualifier == "about"


def test_qualifiers_near_list_and_bare_control():
    shanxi = extract_achievements(corpus_report("provinces", "山西省"))
    # 城镇登记失业率、城镇调查失业率分别小于3%、6%
    assert _one(shanxi, "registered_unemployment_rate", 3).qualifier == "at_most"
    assert _one(shanxi, "surveyed_unemployment_rate", 6).qualifier == "at_most"
    beijing = extract_achievements(corpus_report("provinces", "北京市"))
    assert _one(beijing, "energy_intensity", 4).qualifier == "about"  # 分别下降4%和3%左右
    hubei = extract_achievements(corpus_report("provinces", "湖北省"))
    assert _one(hubei, "cpi", 3.1).qualifier == "point"  # 居民消费价格涨幅控制在 3.1% (no 以内)
    guangdong = extract_achievements(corpus_report("provinces", "广东省"))
    assert _one(guangdong, "fixed_asset_investment", 4).qualifier == "about"  # 固定资产投资近 4 万亿元


def test_declines_trade_investment_and_shares():
    items = extract_achievements(corpus_report("provinces", "广东省"))
    # 外贸进出口总额 7.14 万亿元、下降 0.2%
    assert _one(items, "foreign_trade", 7.14).unit == "万亿元"
    assert _one(items, "foreign_trade_growth", -0.2).evidence.quote.endswith("下降 0.2%")
    # 地方一般公共预算收入1.27万亿\n\n元: a page break inside the unit
    assert _one(items, "general_budget_revenue", 1.27).unit == "万亿元"
    # 预计实际利用外资 1500 亿元、增长 3.5%: one key, a level and a rate
    assert sorted(a.unit for a in _by(items, "foreign_investment")) == ["%", "亿元"]
    # 预计全省研发经费支出 2800 亿元、占地区生产总值比重达 2.8%: GDP here is the denominator
    assert [a.value for a in _by(items, "rd_intensity")] == [2.8]
    jiangsu = extract_achievements(corpus_report("provinces", "江苏省"))
    assert _one(jiangsu, "rd_intensity", 2.72)  # 研发投入超过 2700 亿元，占 GDP 比重达 2.72%
    assert _one(jiangsu, "gdp", 9.96).unit == "万亿元"  # 地区生产总值增长 6.1%…，总量达 9.96 万亿元
    hubei = extract_achievements(corpus_report("provinces", "湖北省"))
    assert _one(hubei, "per_capita_gdp", 1.1).unit == "万美元"  # 地区生产总值突破4万亿元，人均超过1.1万美元


def test_quarter_figures_and_sub_area_subjects_are_not_results():
    nanan = extract_achievements(corpus_report("chongqing_districts", "南岸区"))
    assert not [a for a in nanan if abs(a.value) == 7.8]  # 在一季度同比下降7.8%的情况下
    yuzhong = extract_achievements(corpus_report("chongqing_districts", "渝中区"))
    # 解放碑商圈始终引领着时尚前沿、消费潮流,社会消费品零售总额达到900亿元
    assert 900 not in [a.value for a in _by(yuzhong, "retail_sales")]


def _review(body: str):
    text = f"各位代表：\n一、2019年工作回顾\n{body}\n二、2020年工作安排\n"
    return extract_achievements(Report(text=text, meta=ReportMeta(year=2020)))


def test_no_growth_rate_from_a_rate_change_a_productivity_rate_or_a_start_value():
    items = _review(
        "过去一年，农业劳动生产率年均增速12.6%。规上工业增加值增长8.5%，增速比上年提高27.2个百分点。"
        "地区生产总值从2013年的2.4万亿元增长到2019年的4.6万亿元。"
    )
    assert [(a.indicator, a.value) for a in items] == [("industrial_value_added_growth", 8.5), ("gdp", 4.6)]


def test_a_paragraph_opened_by_five_years_gives_its_later_sentences_the_five_year_period():
    from pathlib import Path

    from summarizer import load_reports

    path = Path(__file__).resolve().parent.parent / "evals" / "corpus" / "103_national_2018.html"
    items = extract_achievements(load_reports(path)[0])
    # <p>五年来，经济实力跃上新台阶。… 居民消费价格年均上涨1.9%，保持较低水平。城镇新增就业6600万人以上，…
    (jobs,) = [a for a in _by(items, "urban_new_jobs") if a.value == 6600]
    assert jobs.period == "2013-2017"
    (cpi,) = [a for a in _by(items, "cpi") if a.value == 1.9]
    assert cpi.period == "2013-2017"


def test_older_national_wordings_of_trade_and_rural_income():
    # national 2007 (evals/corpus/126_national_2007.txt): 万亿美元 and 农村居民人均纯收入
    text = (
        "各位代表：\n一、一年来工作回顾\n进出口贸易总额1.76万亿美元，比上年增长23.8%；实际利用外商直接投资695亿美元。"
        "城镇居民人均可支配收入11759元，农村居民人均纯收入3587元。\n二、2007年工作安排\n"
        "今年主要预期目标是：国内生产总值增长8%左右。\n"
    )
    items = extract_achievements(Report(text=text, meta=ReportMeta(year=2007)))
    got = {(a.indicator, a.value, a.unit) for a in items}
    assert {("foreign_trade", 1.76, "万亿美元"), ("foreign_trade_growth", 23.8, "%")} <= got
    assert ("rural_disposable_income", 3587, "元") in got
    # the heading 一、一年来工作回顾 opens the review although its title starts with a numeral
    assert section_at(sections(Report(text=text)), text.index("进出口")).kind == SectionKind.review


def test_rates_given_respectively_after_the_levels_of_earlier_clauses():
    # national 2007 (evals/corpus/126_national_2007.txt)
    text = (
        "各位代表：\n一、2006年工作回顾\n城镇居民人均可支配收入11759元，农村居民人均纯收入3587元，扣除价格因素，"
        "分别比上年实际增长10.4%和7.4%。\n二、2007年工作安排\n今年主要预期目标是：国内生产总值增长8%左右。\n"
    )
    items = extract_achievements(Report(text=text, meta=ReportMeta(year=2007)))
    rates = {a.indicator: a.value for a in items if a.unit == "%"}
    assert rates == {"urban_disposable_income_growth": 10.4, "rural_disposable_income_growth": 7.4}
    quote = next(a.evidence.quote for a in items if a.indicator == "rural_disposable_income_growth")
    assert quote.startswith("城镇居民人均可支配收入11759元") and quote.endswith("7.4%")


def test_older_national_wordings_of_levels_and_average_growth():
    items = extract_achievements(corpus_report("national_2003"))
    # 国内生产总值从１９９７年的７．４万亿元增加到２００２年的１０．２万亿元，按可比价格计算，平均每年增长７．７％
    assert (_one(items, "gdp", 10.2).unit, _one(items, "gdp", 10.2).period) == ("万亿元", "1998-2002")
    assert _one(items, "gdp_growth", 7.7).evidence.quote.startswith("国内生产总值从")
    # 城镇居民家庭人均可支配收入，由１９９７年的５１６０元增加到２００２年的７７０３元，平均每年实际增长８．６％
    assert _one(items, "urban_disposable_income", 7703).evidence.quote.startswith(
        "城镇居民家庭人均可支配收入，由"
    )
    assert _one(items, "urban_disposable_income_growth", 8.6).evidence.quote.startswith("城镇居民家庭")
    assert _one(items, "rural_disposable_income_growth", 3.8)  # 农村居民家庭人均纯收入
    # 全国研究与试验开发经费，从…增加到２００２年的１１６１亿元，占国内生产总值的比重从０．６４％提高到１．１３％
    assert _one(items, "rd_intensity", 1.13).evidence.quote.startswith("全国研究与试验开发经费，从")
    items = extract_achievements(corpus_report("national_2004"))
    # 国内生产总值比上年增长９．１％，达到１１．６７万亿元；人均国内生产总值突破１０００美元
    assert _one(items, "gdp", 11.67).evidence.quote == "国内生产总值比上年增长９．１％，达到１１．６７万亿元"
    assert _one(items, "per_capita_gdp", 1000).unit == "美元"


def test_five_year_results_in_a_plan_section_and_changes_since_a_base_year():
    # national 2006: section 三 explains the next plan and opens a paragraph on the last five years
    items = extract_achievements(corpus_report("national_2006"))
    # 2005年与2000年相比，国内生产总值增长57.3%，年均增长9.5%
    assert _one(items, "gdp_growth", 57.3).period == "2001-2005"
    assert _one(items, "gdp_growth", 9.5).evidence.quote == "国内生产总值增长57.3%，年均增长9.5%"
    # 城镇居民人均可支配收入和农村居民人均纯收入，分别实际增长58.3%和29.2%。城镇新增就业4200万人。
    assert _one(items, "urban_disposable_income_growth", 58.3).period == "2001-2005"
    assert _one(items, "rural_disposable_income_growth", 29.2)
    assert _one(items, "urban_new_jobs", 4200).period == "2001-2005"
    # national 2008: 2007年，国内生产总值达到24.66万亿元，比2002年增长65.5%，年均增长10.6%
    items = extract_achievements(corpus_report("national_2008"))
    assert _one(items, "gdp_growth", 65.5).period == "2003-2007"
    assert _one(items, "gdp_growth", 10.6).evidence.quote.startswith("国内生产总值达到24.66万亿元")


def test_a_name_without_a_yearly_figure_passes_it_to_the_nameless_clauses_after_it():
    # evals/corpus/004 (重庆市): 地区生产总值增速保持在合理区间，全年增长6.3%、达到2.36万亿元
    items = extract_achievements(corpus_report("provinces", "重庆市"))
    assert _one(items, "gdp_growth", 6.3).evidence.quote.startswith("地区生产总值增速保持在合理区间")
    assert _one(items, "gdp", 2.36).unit == "万亿元"
    # evals/corpus/001 (南岸区): quarter figures first, the year's last, the level in brackets
    items = extract_achievements(corpus_report("chongqing_districts", "南岸区"))
    # 全区地区生产总值在一季度同比下降7.8%的情况下,二季度增长7.2%,下半年增长6.8%,全年增长3.5%(达到813.3亿元)
    assert _one(items, "gdp_growth", 3.5).period == "2020"
    assert _one(items, "gdp", 813.3)
    assert not [a for a in _by(items, "gdp_growth") if a.value in (7.2, 6.8, -7.8)]
    # evals/corpus/001 (巫山县): 地区生产总值实现翻番,从2015年的89.66亿元增至188.77亿元,年均增长8.8%
    items = extract_achievements(corpus_report("chongqing_districts", "巫山县"))
    (level,) = [a for a in _by(items, "gdp") if a.evidence.quote.startswith("地区生产总值实现翻番")]
    assert (level.value, level.period) == (188.77, "2016-2020")
    assert _one(items, "gdp_growth", 8.8).period == "2016-2020"


def test_one_rate_for_urban_and_rural_income_given_by_jun():
    # evals/corpus/004 (海南省): 城镇和农村常住居民人均可支配收入均增长8%，高于经济增速
    items = extract_achievements(corpus_report("provinces", "海南省"))
    assert _one(items, "urban_disposable_income_growth", 8)
    assert _one(items, "rural_disposable_income_growth", 8).evidence.quote.endswith("均增长8%")


def test_growth_clauses_after_a_level_name_the_level_not_gdp():
    items = extract_achievements(corpus_report("chongqing_districts", "丰都县"))
    # evals/corpus/001 (丰都县): 累计完成固定资产投资850亿元,年均增速12.7%
    assert _one(items, "fixed_asset_investment_growth", 12.7)
    assert not [a for a in _by(items, "gdp_growth") if a.value == 12.7]
    items = extract_achievements(corpus_report("chongqing_districts", "云阳县"))
    # evals/corpus/001 (云阳县): 城乡居民人均可支配收入达到22466元,是2015年的1.6倍
    assert _one(items, "disposable_income_growth", 1.6).period == "2016-2020"
    items = extract_achievements(corpus_report("chongqing_districts", "忠县"))
    # evals/corpus/001 (忠县): 2020年城乡居民人均可支配收入分别达40543元、17617元,是“十二五”末的1.5倍、1.6倍,
    # 年均增长8.6%、10%
    assert _one(items, "urban_disposable_income_growth", 8.6).evidence.quote.startswith("2020年城乡居民")
    assert _one(items, "rural_disposable_income_growth", 10)


def test_a_list_before_fenbie_may_open_with_a_name_outside_the_taxonomy():
    # evals/corpus/004 (青海省): 预计全省地区生产总值增长 6.5%左右，农业、规上工业增加值分别增长 4.6%和 7%
    items = extract_achievements(corpus_report("provinces", "青海省"))
    assert _one(items, "industrial_value_added_growth", 7).is_estimate
    assert not [a for a in items if a.value == 4.6]


def test_growth_of_research_spending_is_no_research_intensity():
    # evals/corpus/004 (重庆市): 预计全社会研发经费支出达到 460 亿元、增长 12.1%
    items = extract_achievements(corpus_report("provinces", "重庆市"))
    assert not [a for a in _by(items, "rd_intensity") if a.value == 12.1]
    # evals/corpus/001 (忠县): 全社会R&D投入2亿元、增长11.1%
    items = extract_achievements(corpus_report("chongqing_districts", "忠县"))
    assert not _by(items, "rd_intensity")


def test_research_spending_as_a_share_of_gdp_is_research_intensity():
    # evals/corpus/004 (江西省): 全社会研发投入占GDP比重有望达1.6%
    items = extract_achievements(corpus_report("provinces", "江西省"))
    assert _one(items, "rd_intensity", 1.6).unit == "%"


def test_comparable_basis_growth_after_a_clause_naming_the_factor_left_out():
    # evals/corpus/004 (宁夏回族自治区): 地方一般公共预算收入423.6亿元，剔除新增减税降费因素，同口径增长7.2%
    items = extract_achievements(corpus_report("provinces", "宁夏回族自治区"))
    assert _one(items, "general_budget_revenue_growth", 7.2).evidence.quote.startswith("地方一般公共预算收入")
    # evals/corpus/004 (辽宁省): 一般公共预算收入2652亿元，增长1.4%，考虑政策性减收因素同比增长11.9%
    items = _by(extract_achievements(corpus_report("provinces", "辽宁省")), "general_budget_revenue_growth")
    assert {1.4, 11.9} <= {a.value for a in items}


def test_a_name_may_open_the_second_part_of_a_clause_after_a_figure_outside_the_taxonomy():
    # evals/corpus/004 (新疆维吾尔自治区): 预计全年工业投资增长 9%、规模以上工业增加值增长 5%左右
    items = extract_achievements(corpus_report("provinces", "新疆维吾尔自治区"))
    iva = _one(items, "industrial_value_added_growth", 5)
    assert (iva.qualifier, iva.is_estimate) == ("about", True)
    assert not [a for a in items if a.value == 9 and "工业投资" in a.evidence.quote]


def test_new_jobs_counted_as_positions():
    # evals/corpus/004 (上海市): 新增就业岗位58.9万个，城镇登记失业率为3.6%
    items = extract_achievements(corpus_report("provinces", "上海市"))
    assert _one(items, "urban_new_jobs", 58.9).unit == "万个"


def test_foreign_investment_absorbed_and_local_level_fiscal_revenue():
    # evals/corpus/004 (河南省): 实际吸收外资超过 185 亿美元
    items = extract_achievements(corpus_report("provinces", "河南省"))
    assert _one(items, "foreign_investment", 185).qualifier == "at_least"
    # evals/corpus/004 (吉林省): 地方级财政收入、税收收入同口径分别增长2.1%、2.5%
    items = extract_achievements(corpus_report("provinces", "吉林省"))
    assert _one(items, "fiscal_revenue_growth", 2.1)
    assert not [a for a in items if a.value == 2.5]  # 税收收入 is no indicator of the taxonomy


def test_grain_output_named_by_grain_alone_or_as_the_second_part():
    # evals/corpus/004 (西藏自治区): 粮食达到 105 万吨，青稞超过 80 万吨
    assert _one(extract_achievements(corpus_report("provinces", "西藏自治区")), "grain_output", 105)
    # evals/corpus/004 (宁夏回族自治区): 粮食生产实现“十六连丰”、总产 373 万吨
    items = extract_achievements(corpus_report("provinces", "宁夏回族自治区"))
    assert _one(items, "grain_output", 373).unit == "万吨"
    # evals/corpus/001 (合川区): 粮食种植面积167.1万亩、产量69.1万吨,分别增长0.4%、1.4%
    items = _by(extract_achievements(corpus_report("chongqing_districts", "合川区")), "grain_output")
    assert [(a.value, a.unit) for a in items] == [(69.1, "万吨")]
    # evals/corpus/004 (吉林省): 粮食单产每亩达到 916 斤 is a yield, not the output
    items = _by(extract_achievements(corpus_report("provinces", "吉林省")), "grain_output")
    assert 916 not in [a.value for a in items]


def test_trade_as_an_attribute_of_customs_clearance_is_no_trade_growth():
    # evals/corpus/004 (天津市): 进出口整体通关时间较上年分别压缩 54.4%和 58.7%
    items = extract_achievements(corpus_report("provinces", "天津市"))
    assert not [a for a in items if a.value in (54.4, 58.7)]


def test_poverty_figures_of_national_poverty_counties_and_further_wordings():
    # evals/corpus/004 (辽宁省): 高质量实现 13.25 万人脱贫、128 个贫困村销号、5 个省级贫困县摘帽
    items = extract_achievements(corpus_report("provinces", "辽宁省"))
    assert _one(items, "poverty_reduction", 13.25).evidence.quote == "高质量实现 13.25 万人脱贫"
    # evals/corpus/004 (黑龙江省): 剩余 100 个贫困村全部脱贫出列，剩余 5 个国贫县达到脱贫摘帽条件
    items = extract_achievements(corpus_report("provinces", "黑龙江省"))
    assert _one(items, "poverty_counties_exited", 5).evidence.quote.endswith("国贫县达到脱贫摘帽")
    assert _one(items, "poverty_villages_exited", 100).evidence.quote.endswith("全部脱贫出列")
    # evals/corpus/004 (内蒙古自治区): 预计 20 个国贫旗县摘帽、676 个贫困嘎查村出列
    items = extract_achievements(corpus_report("provinces", "内蒙古自治区"))
    assert _one(items, "poverty_counties_exited", 20).is_estimate


def test_poverty_figures_after_a_count_of_households_in_wan():
    # evals/corpus/001 (丰都县): 推动95个贫困村全部退出贫困序列、1.9万余户8万多名贫困群众告别绝对贫困
    items = extract_achievements(corpus_report("chongqing_districts", "丰都县"))
    assert _one(items, "poverty_villages_exited", 95).evidence.quote.endswith("退出贫困序列")
    people = _one(items, "poverty_reduction", 8)
    assert (people.unit, people.qualifier) == ("万人", "at_least")
    # evals/corpus/001 (巫山县): 120个贫困村全部出列、2.46万户8.9万名贫困人口全部脱贫
    items = extract_achievements(corpus_report("chongqing_districts", "巫山县"))
    assert _one(items, "poverty_reduction", 8.9).evidence.quote == "2.46万户8.9万名贫困人口全部脱贫"


@pytest.mark.parametrize(
    "clause",
    [
        "口岸进出口货运量增长 8.6%",  # evals/corpus/004 (黑龙江省)
        "新增有进出口实绩企业 1000 家以上",  # evals/corpus/004 (河北省)
        "新培育进出口企业 10 家",  # evals/corpus/003 (黔江区)
        "降低进出口合规成本",  # evals/corpus/004 (广东省)
        "清理规范进出口环节收费",  # evals/corpus/100 (national 2015)
        "进出口商品结构进一步优化",  # evals/corpus/123 (national 2004)
        "加强进出口信贷和出口信保支持",  # evals/corpus/111 (national 2024)
        "落实和完善进出口政策",  # evals/corpus/102 (national 2017)
        "落实各类所有制企业的进出口经营自主权",  # evals/corpus/123 (national 2004)
        "支持本地企业扩大自营进出口业务",  # evals/corpus/001 (合川区)
    ],
)
def test_trade_as_an_attribute_of_another_noun_is_no_trade_name(clause):
    assert not [h for h in find_indicators(clause, 0, len(clause)) if "*foreign_trade" in h.keys]
