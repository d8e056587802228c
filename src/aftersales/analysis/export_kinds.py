"""The analysis reports as background export kinds of the reports app (R-RPT-4).

Registered in :class:`aftersales.analysis.apps.AnalysisConfig.ready`. Each kind validates its
parameters with the same service the screen calls (a bad week or an office out of scope is
refused when the job is asked for) and writes the same sheets as the screen's download.

=====================  =========================================================
kind                   params
=====================  =========================================================
``weekly_complaints``  ``project`` (id), ``week`` (YYYY-MM-DD, any day of the week)
``complaints_rollup``  ``period`` (quarter / year), ``year``, ``quarter``
``recurring``          ``by``, ``project``, ``start``, ``end``
``lessons``            ``status``, ``owner_dept``, ``project``
=====================  =========================================================
"""

from __future__ import annotations

import datetime as dt

from aftersales.analysis import exports
from aftersales.analysis.selectors import lessons, recurring, weekly
from aftersales.core.errors import field_error
from aftersales.core.web import as_id


def _date(params: dict, name: str) -> dt.date | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise field_error(name, "日期格式应为 YYYY-MM-DD") from None


def _int(params: dict, name: str) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    found = as_id(value)
    if found is None:
        raise field_error(name, "应为整数")
    return found


def _weekly(actor, params):
    return weekly.weekly_report(actor, _int(params, "project"), _date(params, "week"))


def _rollup(actor, params):
    return weekly.rollup(
        actor, params.get("period") or "quarter", _int(params, "year"), _int(params, "quarter")
    )


def _recurring(actor, params):
    return recurring.analyse(
        actor,
        params.get("by"),
        _int(params, "project"),
        _date(params, "start"),
        _date(params, "end"),
    )


def _lessons(actor, params):
    return lessons.lessons_for(
        actor,
        status=params.get("status", ""),
        owner_dept=params.get("owner_dept", ""),
        project=_int(params, "project"),
    )


def _writer(build, sheets, stem):
    def write(actor, params, workbook, progress) -> str:
        data = build(actor, params)
        progress(0, 1)
        exports.fill(workbook, *sheets(data, actor.display_name))
        progress(1, 1)
        return stem(data)

    return write


def _validator(build):
    def validate(actor, params) -> None:
        build(actor, params)

    return validate


KINDS = [
    (
        "weekly_complaints",
        "投诉处理周报",
        _weekly,
        exports.weekly_sheets,
        lambda r: f"投诉处理周报-{r.project.code}",
    ),
    (
        "complaints_rollup",
        "投诉处理汇总",
        _rollup,
        exports.rollup_sheets,
        lambda r: f"投诉处理汇总-{r.period.label}",
    ),
    (
        "recurring",
        "重复问题分析",
        _recurring,
        exports.recurring_sheets,
        lambda r: f"重复问题分析-{r.by_label}",
    ),
    ("lessons", "设计施工改进清单", _lessons, exports.lessons_sheets, lambda r: "设计施工改进清单"),
]


def register_all() -> None:
    from aftersales.reports import exports as registry

    for code, label, build, sheets, stem in KINDS:
        registry.register(code, label, _writer(build, sheets, stem), validate=_validator(build))
