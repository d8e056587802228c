"""Contractors, spending approval, final accounts, settlements, deposits and funds (§9)."""

from __future__ import annotations

from django.db import models


class Contractor(models.Model):
    """A construction company (施工单位) or supplier that built projects and owes warranty."""

    class Kind(models.TextChoices):
        CONTRACTOR = "contractor", "施工单位"
        SUPPLIER = "supplier", "供应商"

    name = models.CharField("名称", max_length=120, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.CONTRACTOR)
    trades = models.JSONField("工种", default=list, blank=True)
    contact_name = models.CharField("联系人", max_length=60, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    projects = models.ManyToManyField(
        "estates.Project", verbose_name="承建项目", blank=True, related_name="contractors"
    )
    agreement = models.TextField("保修协议", blank=True)
    active = models.BooleanField("合作中", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "施工单位"
        verbose_name_plural = "施工单位"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
