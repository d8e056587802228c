"""Role and department codes (R-ORG-1, R-ORG-2); the codes are fixed by api.md."""

from django.db import models


class RoleCode(models.TextChoices):
    AGENT = "agent", "客服专员"
    SUPERVISOR = "supervisor", "客服主管"
    CLERK = "clerk", "资料员"
    SERVICE_MANAGER = "service_manager", "售后服务负责人"
    ENGINEER = "engineer", "工程师"
    TEAM_LEAD = "team_lead", "维修队长"
    TECHNICIAN = "technician", "维修技工"
    PROPERTY_LIAISON = "property_liaison", "物业接口人"
    ANALYST = "analyst", "数据分析师"
    DEPUTY_CHIEF_ENGINEER = "deputy_chief_engineer", "副总工程师"
    DEPUTY_GM = "deputy_gm", "副总经理"
    GM = "gm", "总经理"
    AUDITOR = "auditor", "审计"
    FINANCE = "finance", "财务"
    ADMIN = "admin", "系统管理员"
    CONTRACTOR = "contractor", "施工单位联系人"
    OWNER = "owner", "业主/住户"


class DepartmentCode(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", "客户服务部"
    SERVICE_OFFICE = "service_office", "客户服务处"
    ENGINEERING = "engineering", "工程材料部"
    DESIGN = "design", "设计研发部"
    SALES = "sales", "经营销售部"
    FINANCE = "finance", "财务计统部"
    AUDIT = "audit", "审计核算部"
    HR = "hr", "人力资源部"
    LEGAL = "legal", "法律事务中心"
    PROPERTY = "property", "物业公司"
    MAINTENANCE = "maintenance", "维修队"
    MANAGEMENT = "management", "总经理室"


STAFF_ROLES = {r for r in RoleCode.values if r not in (RoleCode.OWNER, RoleCode.CONTRACTOR)}
