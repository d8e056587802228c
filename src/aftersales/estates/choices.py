from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseStatus(models.TextChoices):
    UNSOLD = "unsold", _("未售")
    SOLD = "sold", _("已售")
    DELIVERED = "delivered", _("已交付")
    OCCUPIED = "occupied", _("已入住")
    VACANT = "vacant", _("空置")
    CUSTODIAL = "custodial", _("托管")
    RENOVATING = "renovating", _("装修中")


class Finish(models.TextChoices):
    BARE = "bare", _("毛坯")
    FITTED = "fitted", _("精装")


class HouseRole(models.TextChoices):
    OWNER = "owner", _("业主")
    CO_OWNER = "co_owner", _("共有人")
    TENANT = "tenant", _("租户")
    FAMILY = "family", _("家庭成员")
    AGENT = "agent", _("授权代理人")


class IdType(models.TextChoices):
    RESIDENT_ID = "id_card", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    OTHER = "other", _("其他")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")
    UNKNOWN = "", _("未填")


class Segment(models.TextChoices):
    # Left untranslated: the customer export writes these labels into Excel cells as they are.
    NEW = "new", "新入住业主"
    ESTABLISHED = "established", "老业主"
    VIP = "vip", "VIP"


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信")
    EMAIL = "email", _("邮件")
