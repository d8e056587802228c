from django.db import models


class HouseStatus(models.TextChoices):
    UNSOLD = "unsold", "未售"
    SOLD = "sold", "已售"
    DELIVERED = "delivered", "已交付"
    OCCUPIED = "occupied", "已入住"
    VACANT = "vacant", "空置"
    CUSTODIAL = "custodial", "托管"
    RENOVATING = "renovating", "装修中"


class Finish(models.TextChoices):
    BARE = "bare", "毛坯"
    FITTED = "fitted", "精装"


class HouseRole(models.TextChoices):
    OWNER = "owner", "业主"
    CO_OWNER = "co_owner", "共有人"
    TENANT = "tenant", "租户"
    FAMILY = "family", "家庭成员"
    AGENT = "agent", "授权代理人"


class IdType(models.TextChoices):
    RESIDENT_ID = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    OTHER = "other", "其他"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"
    UNKNOWN = "", "未填"


class Segment(models.TextChoices):
    NEW = "new", "新入住业主"
    ESTABLISHED = "established", "老业主"
    VIP = "vip", "VIP"


class ContactChannel(models.TextChoices):
    PHONE = "phone", "电话"
    SMS = "sms", "短信"
    WECHAT = "wechat", "微信"
    EMAIL = "email", "邮件"
