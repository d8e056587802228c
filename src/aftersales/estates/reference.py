"""Reference data every database holds: the default warranty catalogue (R-WAR-1).

The national minimum terms of 《建设工程质量管理条例》第四十条; projects may set longer ones.
"""

CATALOGUE = [
    ("structure", "地基基础和主体结构", None, "设计文件规定的合理使用年限"),
    ("roof_waterproofing", "屋面防水工程", 60, "5 年"),
    ("leakage", "有防水要求的卫生间、房间和外墙面的防渗漏", 60, "5 年"),
    ("heating_cooling", "供热与供冷系统", 24, "2 个采暖期、供冷期"),
    ("electrical", "电气管线", 24, "2 年"),
    ("plumbing", "给排水管道", 24, "2 年"),
    ("equipment", "设备安装", 24, "2 年"),
    ("decoration", "装修工程", 24, "2 年"),
]


def ensure_warranty_catalogue(component_model) -> None:
    """Create missing catalogue entries; administrators' later edits are kept."""
    existing = set(component_model.objects.values_list("code", flat=True))
    component_model.objects.bulk_create(
        [
            component_model(code=code, name=name, months=months, basis=basis, sort=i)
            for i, (code, name, months, basis) in enumerate(CATALOGUE)
            if code not in existing
        ]
    )


def ensure() -> None:
    """The registered reference-data step (see aftersales.core.reference)."""
    from aftersales.estates.models import WarrantyComponent

    ensure_warranty_catalogue(WarrantyComponent)
