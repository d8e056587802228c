"""Excel export of a questionnaire's statistics (through core.excel)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from aftersales.care.choices import QuestionType
from aftersales.core.excel import row


def _pct(v):
    return None if v is None else round(v * 100, 1)


def _figures(f) -> list:
    if f is None:
        return [None] * 6
    low, high = f.ci95 or (None, None)
    return [
        f.count,
        f.mean,
        _pct(f.satisfaction_rate),
        _pct(low),
        _pct(high),
        _pct(f.very_dissatisfied_rate),
    ]


HEAD = ["评分数", "平均分", "满意率(%)", "95%区间下限(%)", "95%区间上限(%)", "非常不满意(%)"]


def stats_xlsx(stats) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("按题目")
    sheet.append(row([stats.questionnaire.title, f"答卷 {stats.responses} 份"]))
    sheet.append(row(["序号", "分节", "题目", "题型", "回答数", *HEAD]))
    for q in stats.questions:
        sheet.append(
            row(
                [
                    q["index"] + 1,
                    q["section"],
                    q["text"],
                    str(QuestionType(q["type"]).label),
                    q["count"],
                    *_figures(q["figures"]),
                ]
            )
        )
    sheet.append(row(["合计", "", "", "", "", *_figures(stats.overall)]))
    for q in stats.questions:
        for c in q.get("choices") or []:
            sheet.append(row([q["index"] + 1, "", c["option"], "选项", c["count"]]))
    projects = book.create_sheet("按项目")
    projects.append(row(["项目", *HEAD]))
    for p in stats.projects:
        projects.append(row([p["name"] or "—", *_figures(p["figures"])]))
    trend = book.create_sheet("按月趋势")
    trend.append(row(["月份", *HEAD]))
    for m in stats.trend:
        trend.append(row([m["month"], *_figures(m["figures"])]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
