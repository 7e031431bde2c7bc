"""Helpers shared by the evaluate tests: a small hand-made gold file on a real corpus report."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "corpus"
GOLD = Path(__file__).resolve().parent.parent / "evals" / "gold"

SMALL_GOLD = {
    "source": "000_e181ff31d8784aa3.txt",
    "region": "巴中市",
    "year": 2020,
    "doc_type": "work_report",
    "goals": [
        {"indicator": "gdp_growth", "description": "地区生产总值增速高于全国全省平均水平", "low": None,
         "high": None, "unit": None, "qualifier": "qualitative", "horizon": 2020,
         "quote": "地区生产总值增速高于全国全省平均水平"},
        {"indicator": "registered_unemployment_rate", "description": "城镇登记失业率控制在4.4%以内",
         "low": None, "high": 4.4, "unit": "%", "qualifier": "at_most", "horizon": 2020,
         "quote": "城镇登记失业率控制在 4.4% 以内"},
    ],
    "achievements": [
        {"indicator": "poverty_villages_exited", "description": "全市699个贫困村全部退出", "value": 699, "unit": "个",
         "qualifier": "point", "is_estimate": False, "period": "2019", "quote": "全市699个贫困村全部退出"},
        {"indicator": "poverty_reduction", "description": "累计减贫49.7万人", "value": 49.7, "unit": "万人",
         "qualifier": "point", "is_estimate": False, "period": "2019", "quote": "累计减贫49.7万人"},
        {"indicator": "gdp", "description": "地区生产总值754.29亿元", "value": 754.29, "unit": "亿元",
         "qualifier": "point", "is_estimate": False, "period": "2019", "quote": "全年完成地区生产总值 754.29 亿元"},
    ],
    "key_projects": [
        {"name": "恩阳机场", "status": "in_operation", "investment": None, "location": None, "sector": "airport",
         "quote": "恩阳机场投运并开通8条航线"},
        {"name": "巴万高速清江至通江段", "status": "in_operation", "investment": None, "location": None,
         "sector": "road", "quote": "巴万高速清江至通江段建成通车"},
        {"name": "汉巴南铁路巴中至南充段", "status": "started", "investment": None, "location": None,
         "sector": "railway", "quote": "汉巴南铁路巴中至南充段、苍巴高速、米仓大道、北环线东段开工建设"},
    ],
    "notes": [],
}  # fmt: skip


def write_gold(folder: Path, name: str = "small", data: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data or SMALL_GOLD, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
