"""How fast the sales roster imports (R-EST-3): dry run, apply, idempotent re-import, export.

    python tests/bench/bench_import.py --houses 20000

Runs on a fresh temporary SQLite database (or, when ``DATABASE_URL`` is set, on that database as
it is, with project codes unique to this run). Generating the roster is not timed. Prints one
``name: value`` line per figure and exits non-zero when an outcome is wrong (a job not in the
expected state, or a re-import that creates anything).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕鹏辉建国志强海波晓东春梅丹宁浩然子轩梓涵欣怡雨萱思远俊杰嘉怡"
PROJECTS = ["和悦府", "锦绣华庭", "滨江壹号", "春风里", "云栖湾", "翠湖天地", "书香苑", "观澜台"]
CITIES = ["杭州", "宁波", "绍兴", "嘉兴"]
UNIT_TYPES = ["两室一厅", "三室两厅", "四室两厅", "一室一厅"]
REGIONS = ["330106", "330102", "330205", "330602", "110105", "310115"]
HEADERS = [
    "项目编码",
    "项目名称",
    "城市",
    "楼栋",
    "单元",
    "房号",
    "楼层",
    "建筑面积",
    "户型",
    "装修标准",
    "房屋状态",
    "交付日期",
    "客户姓名",
    "手机号",
    "证件类型",
    "证件号码",
    "身份",
    "购房合同号",
]
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(rng: random.Random, used: set[str]) -> str:
    """A mainland resident ID number with a correct GB 11643 check digit, unique in ``used``."""
    while True:
        birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(45 * 365))
        body = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        number = (
            body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
        )
        if number not in used:
            used.add(number)
            return number


def roster(houses: int, prefix: str, seed: int = 20260101) -> tuple[bytes, int]:
    """A realistic roster: several projects and buildings, one owner per sold house, some co-owners,
    some investors owning two houses, unsold houses without an owner. Returns (xlsx, row count)."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append(HEADERS)
    used_ids: set[str] = set()
    phones = iter(rng.sample(range(10**8), houses * 2))
    investors: list[list] = []
    rows = 0
    projects = min(len(PROJECTS), max(1, houses // 2500))
    per_project = -(-houses // projects)
    made = 0
    for p_index in range(projects):
        code, name, city = (
            f"{prefix}{p_index + 1:02d}",
            PROJECTS[p_index],
            CITIES[p_index % len(CITIES)],
        )
        delivered = dt.date(2019, 6, 30) + dt.timedelta(days=180 * p_index)
        in_project = 0
        building = 0
        while in_project < per_project and made < houses:
            building += 1
            for unit in (1, 2):
                for floor in range(1, 27):
                    for room in range(1, 3):
                        if in_project >= per_project or made >= houses:
                            break
                        made += 1
                        in_project += 1
                        house = [
                            code,
                            name,
                            city,
                            str(building),
                            str(unit),
                            f"{floor}{room:02d}",
                            floor,
                            round(rng.uniform(68, 180), 2),
                            rng.choice(UNIT_TYPES),
                            rng.choice(["毛坯", "精装"]),
                            "已交付",
                            delivered,
                        ]
                        draw = rng.random()
                        if draw < 0.04:  # unsold: no customer yet
                            house[10] = "未售"
                            sheet.append([*house, None, None, None, None, None, None])
                            rows += 1
                            continue
                        if draw < 0.06 and investors:
                            owner = rng.choice(investors)  # owns another house too
                        else:
                            owner = [
                                rng.choice(SURNAMES)
                                + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
                                f"1{rng.choice('3589')}{rng.randrange(10)}{next(phones):08d}",
                            ]
                            has_id = rng.random() < 0.6
                            owner += (
                                ["居民身份证", resident_id(rng, used_ids)]
                                if has_id
                                else [None, None]
                            )
                            if rng.random() < 0.02:
                                investors.append(owner)
                        contract = f"HT{code}-{made:06d}"
                        sheet.append([*house, *owner, "业主", contract])
                        rows += 1
                        if rng.random() < 0.10:  # a co-owner on the same house
                            co = [
                                rng.choice(SURNAMES) + rng.choice(GIVEN),
                                f"1{rng.choice('3589')}{rng.randrange(10)}{next(phones):08d}",
                                None,
                                None,
                            ]
                            sheet.append([*house, *co, "共有人", contract])
                            rows += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), rows


def setup_django() -> str:
    """Point Django at a temporary data dir (and SQLite database unless DATABASE_URL is set)."""
    data_dir = tempfile.mkdtemp(prefix="aftersales-bench-")
    os.environ["AFTERSALES_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    src = Path(__file__).resolve().parents[2] / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data_dir


def timed(label: str, func):
    """Run ``func`` and print its wall-clock seconds and this process's CPU seconds.

    On a shared machine the wall-clock figure moves with the load; the CPU figure does not (on
    PostgreSQL it leaves out the database server's own work).
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    print(f"{label}: {time.perf_counter() - wall:.1f}", flush=True)
    print(
        f"{label.removesuffix('_seconds')}_cpu_seconds: {time.process_time() - cpu:.1f}", flush=True
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--houses", type=int, default=20000)
    args = parser.parse_args()
    n = args.houses
    data_dir = setup_django()
    from django.db import connection

    from aftersales.accounts.services import create_user
    from aftersales.estates.exporter import export_houses
    from aftersales.estates.importer import run_import_sync
    from aftersales.estates.models import House, ImportJob

    stamp = f"{int(time.time()) % 10**6:06d}"
    prefix = "B" if connection.vendor == "sqlite" else f"B{stamp}-"
    user = create_user(
        None, username=f"bench{stamp}", password="x", roles=["admin"], check_password=False
    )
    print(f"database: {connection.vendor}", flush=True)

    started = time.perf_counter()
    content, rows = roster(n, prefix)
    path = Path(data_dir) / f"roster-{n}.xlsx"
    path.write_bytes(content)
    print(f"roster_generate_seconds_not_counted: {time.perf_counter() - started:.1f}")
    print(f"roster_rows: {rows}")

    failures = []

    def expect(job: ImportJob, status: str, what: str) -> ImportJob:
        if job.status != status:
            failures.append(f"{what}: status {job.status}, errors {job.errors[:5]}")
        return job

    dry = timed(
        f"import_dry_run_{n}_houses_seconds", lambda: run_import_sync(user, path, dry_run=True)
    )
    expect(dry, ImportJob.Status.VALID, "dry run")
    applied = timed(
        f"import_apply_{n}_houses_seconds", lambda: run_import_sync(user, path, dry_run=False)
    )
    expect(applied, ImportJob.Status.APPLIED, "apply")
    print(f"import_apply_summary: {applied.summary}")
    again = timed(
        f"import_reimport_{n}_houses_seconds", lambda: run_import_sync(user, path, dry_run=False)
    )
    expect(again, ImportJob.Status.APPLIED, "re-import")
    changed = sum(v for k, v in again.summary.items() if k != "rows")
    print(f"import_reimport_changes: {changed}")
    if changed:
        failures.append(f"re-import changed records: {again.summary}")

    houses = House.objects.filter(project__code__startswith=prefix).order_by("id")
    exported = timed(f"export_houses_{n}_houses_seconds", lambda: export_houses(user, houses))
    export_path = Path(data_dir) / "export.xlsx"
    export_path.write_bytes(exported)
    trip = timed(
        f"import_export_roundtrip_{n}_houses_seconds",
        lambda: run_import_sync(user, export_path, dry_run=False),
    )
    expect(trip, ImportJob.Status.APPLIED, "round trip")
    trip_changed = sum(v for k, v in trip.summary.items() if k != "rows")
    print(f"import_export_roundtrip_changes: {trip_changed}")
    if trip_changed:
        failures.append(f"round trip changed records: {trip.summary}")

    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
