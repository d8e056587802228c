"""Demo step: how to try the owner's portal (nothing to create: the demo owner exists)."""

from __future__ import annotations


def demo_owner(run) -> None:
    from aftersales.accounts.models import User

    owner = User.objects.filter(username="owner").select_related("customer").first()
    if owner is None or owner.customer is None:
        return
    phone = owner.customer.phone
    run.notes.append(
        f"业主服务（手机页面）：/m/login/ 输入 {phone}，验证码在开发环境写在服务器日志里"
        "（notify sms …）；任何登记为业主、共有人、租户或家庭成员的客户手机号都可登录。"
    )
