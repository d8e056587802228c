"""Role and department codes (R-ORG-1, R-ORG-2); the codes are fixed by api.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    AGENT = "agent", _("客服专员")
    SUPERVISOR = "supervisor", _("客服主管")
    CLERK = "clerk", _("资料员")
    SERVICE_MANAGER = "service_manager", _("售后服务负责人")
    ENGINEER = "engineer", _("工程师")
    TEAM_LEAD = "team_lead", _("维修队长")
    TECHNICIAN = "technician", _("维修技工")
    PROPERTY_LIAISON = "property_liaison", _("物业接口人")
    ANALYST = "analyst", _("数据分析师")
    DEPUTY_CHIEF_ENGINEER = "deputy_chief_engineer", _("副总工程师")
    DEPUTY_GM = "deputy_gm", _("副总经理")
    GM = "gm", _("总经理")
    AUDITOR = "auditor", _("审计")
    FINANCE = "finance", _("财务")
    ADMIN = "admin", _("系统管理员")
    CONTRACTOR = "contractor", _("施工单位联系人")
    OWNER = "owner", _("业主/住户")


class DepartmentCode(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("客户服务部")
    SERVICE_OFFICE = "service_office", _("客户服务处")
    ENGINEERING = "engineering", _("工程材料部")
    DESIGN = "design", _("设计研发部")
    SALES = "sales", _("经营销售部")
    FINANCE = "finance", _("财务计统部")
    AUDIT = "audit", _("审计核算部")
    HR = "hr", _("人力资源部")
    LEGAL = "legal", _("法律事务中心")
    PROPERTY = "property", _("物业公司")
    MAINTENANCE = "maintenance", _("维修队")
    MANAGEMENT = "management", _("总经理室")


STAFF_ROLES = {r for r in RoleCode.values if r not in (RoleCode.OWNER, RoleCode.CONTRACTOR)}


class TradeCode(models.TextChoices):
    """Trades (工种) of technicians and contractors; dispatch suggests by trade (R-DSP-1)."""

    MASONRY = "masonry", _("泥瓦")
    PLUMBING = "plumbing", _("水暖")
    ELECTRICAL = "electrical", _("电工")
    CARPENTRY = "carpentry", _("木工")
    PAINTING = "painting", _("油漆")
    WATERPROOFING = "waterproofing", _("防水")
    DOORS_WINDOWS = "doors_windows", _("门窗")
    HVAC = "hvac", _("暖通")
    GENERAL = "general", _("综合维修")
