from django.db import migrations

ROLES = [
    ("agent", "客服专员"),
    ("supervisor", "客服主管"),
    ("clerk", "资料员"),
    ("service_manager", "售后服务负责人"),
    ("engineer", "工程师"),
    ("team_lead", "维修队长"),
    ("technician", "维修技工"),
    ("property_liaison", "物业接口人"),
    ("analyst", "数据分析师"),
    ("deputy_chief_engineer", "副总工程师"),
    ("deputy_gm", "副总经理"),
    ("gm", "总经理"),
    ("auditor", "审计"),
    ("finance", "财务"),
    ("admin", "系统管理员"),
    ("contractor", "施工单位联系人"),
    ("owner", "业主/住户"),
]

DEPARTMENTS = [
    ("customer_service", "客户服务部"),
    ("service_office", "客户服务处"),
    ("engineering", "工程材料部"),
    ("design", "设计研发部"),
    ("sales", "经营销售部"),
    ("finance", "财务计统部"),
    ("audit", "审计核算部"),
    ("hr", "人力资源部"),
    ("legal", "法律事务中心"),
    ("property", "物业公司"),
    ("maintenance", "维修队"),
    ("management", "总经理室"),
]


def seed(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Department = apps.get_model("accounts", "Department")
    for i, (code, name) in enumerate(ROLES):
        Role.objects.update_or_create(code=code, defaults={"name": name, "sort": i})
    for i, (code, name) in enumerate(DEPARTMENTS):
        Department.objects.update_or_create(code=code, defaults={"name": name, "sort": i})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
