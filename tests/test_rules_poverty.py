"""Poverty figures written number-first, found by the rule extractor in real review sections."""

from __future__ import annotations

from conftest import corpus_report

from summarizer.extract.rules.achievements import extract_achievements


def _poverty(*where):
    return [a for a in extract_achievements(corpus_report(*where)) if a.indicator.startswith("poverty_")]


def test_people_counties_villages_and_rates_take_their_own_keys():
    got = {(a.value, a.unit): a.indicator for a in _poverty("provinces", "安徽省")}
    # 预计 9 个贫困县摘帽、64 个贫困村出列、40 万贫困人口脱贫; 贫困发生率从上年的 0.93% 降至 0.16%
    assert got[(9, "个")] == "poverty_counties_exited"
    assert got[(64, "个")] == "poverty_villages_exited"
    assert got[(40, "万人")] == "poverty_reduction"
    assert got[(0.16, "%")] == "poverty_incidence"


def test_counts_before_the_name_each_quote_their_own_part():
    items = _poverty("provinces", "安徽省")
    # 预计 9 个贫困县摘帽、64 个贫困村出列、40 万贫困人口脱贫
    got = {(a.value, a.unit): a for a in items}
    assert got[(9, "个")].evidence.quote == "预计 9 个贫困县摘帽"
    assert got[(64, "个")].evidence.quote == "64 个贫困村出列"
    assert got[(40, "万人")].evidence.quote == "40 万贫困人口脱贫"
    assert got[(9, "个")].is_estimate
    assert [a.value for a in _poverty("bazhong") if a.unit == "个"] == [699]  # 全市699个贫困村全部退出


def test_households_then_people_take_the_people():
    items = _poverty("chongqing_districts", "南川区")
    values = {(a.value, a.unit) for a in items}
    assert (213, "名") in values  # 剩余74户213名未脱贫人口全部如期脱贫
    assert (43779, "名") in values  # 11532户43779名建卡贫困人口成功脱贫
    assert not [a for a in items if a.unit == "户"]
    dianjiang = _poverty("chongqing_districts", "垫江县")
    assert 31567 in [a.value for a in dianjiang]  # 9802户31567人全部脱贫


def test_name_first_with_a_verb_and_shared_verbs():
    assert 2692 in [a.value for a in _poverty("qianjiang")]  # 新减少贫困人口2692人
    assert 67610 in [a.value for a in _poverty("provinces", "吉林省")]  # 农村贫困人口减少67610人
    # 剩余的17个贫困县、170个贫困村、7.7万贫困人口符合摘帽退出标准
    qinghai = {(a.value, a.unit) for a in _poverty("provinces", "青海省")}
    assert {(17, "个"), (170, "个"), (7.7, "万人")} <= qinghai
    guangdong = {(a.value, a.qualifier) for a in _poverty("provinces", "广东省")}
    assert (160, "about") in guangdong  # 累计近 160 万相对贫困人口实现脱贫
    assert (90, "at_least") in guangdong  # 90% 以上的相对贫困村达到出列标准


def test_pending_and_other_regions_figures_are_left_out():
    assert 29 not in [a.value for a in _poverty("provinces", "陕西省")]  # 29 个贫困县即将摘帽
    assert 9 not in [a.value for a in _poverty("provinces", "吉林省")]  # 9个贫困县正在履行摘帽程序
    assert 50.6 not in [a.value for a in _poverty("provinces", "北京市")]  # 预计助力 50.6 万人脱贫
    # 帮扶 4.27 万贫困人口实现就业: not lifted out of poverty
    assert 4.27 not in [a.value for a in _poverty("provinces", "安徽省")]
