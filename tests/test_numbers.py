import pytest

from summarizer.numbers import chinese_to_int, find_numbers, number_in_text, unit_scale


@pytest.mark.parametrize(
    "text, value",
    [("八万一千六百七十九", 81679), ("二〇二〇", 2020), ("十二", 12), ("二百", 200), ("三千零五", 3005),
     ("一亿二千万", 120_000_000), ("十", 10)],
)  # fmt: skip
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


def test_chinese_to_int_rejects_other_text():
    assert chinese_to_int("地区") is None
    assert chinese_to_int("") is None


@pytest.mark.parametrize(
    "value, unit, text",
    [
        (754.29, "亿元", "地区生产总值实现 754.29 亿元"),  # spaced number
        (6, "%", "增长６％左右"),  # full-width digits and percent
        (6.5, "%", "6%-6.5%"),
        (0.5, "个百分点", "下降0.5个百分点"),
        (8.1679, "万人", "累计脱贫八万一千六百七十九人"),  # Chinese numeral after unit scaling
        (7542900, "万元", "754.29亿元"),  # same amount in another unit
        (1.2, "万亿元", "1.2万亿元"),
        (4.4, "%", "控制在4.4% 以内"),
        (3393, "亿元", "总投资3,393亿元"),
        (-0.2, "%", "进出口总额下降 0.2%"),  # a decline stored negative
    ],
)
def test_number_in_text(value, unit, text):
    assert number_in_text(value, unit, text)


@pytest.mark.parametrize(
    "value, unit, text",
    [(7, "%", "增长6%左右"), (754.3, "亿元", "754.29亿元"), (30, "亿元", "总投资3亿元"), (6, "%", "16%")],
)
def test_number_not_in_text(value, unit, text):
    assert not number_in_text(value, unit, text)


def test_unit_scale():
    assert unit_scale("亿元") == 1e8
    assert unit_scale("万人") == 1e4
    assert unit_scale("万亿元") == 1e12
    assert unit_scale("%") == 1.0
    assert unit_scale(None) == 1.0


def test_find_numbers_reads_ratios_and_scales():
    numbers = find_numbers("三次产业结构由1.6:51:47.4调整为1.4:32.6:66，存贷款余额超过1.3万亿元")
    values = [n.value for n in numbers]
    assert values[:6] == [1.6, 51, 47.4, 1.4, 32.6, 66]
    assert numbers[-1].scaled == pytest.approx(1.3e12)
