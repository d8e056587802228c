"""Owner self-service (R-SS-1): the one-time codes of the sign-in by text message."""

from __future__ import annotations

from django.db import models


class SignInCode(models.Model):
    """One code sent to one mobile number: only its hash is kept; it expires, counts its
    wrong tries and is used once (:mod:`aftersales.portal.services`)."""

    SCOPE_SYSTEM = True  # no page lists them

    phone = models.CharField("手机号", max_length=20, db_index=True)
    code_hash = models.CharField("验证码指纹", max_length=64)
    address = models.GenericIPAddressField("请求地址", null=True, blank=True)
    created_at = models.DateTimeField("发送时间")
    expires_at = models.DateTimeField("失效时间")
    tries = models.PositiveSmallIntegerField("错误次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "登录验证码"
        verbose_name_plural = "登录验证码"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]} {self.created_at:%Y-%m-%d %H:%M}"
