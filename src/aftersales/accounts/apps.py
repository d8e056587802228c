from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "aftersales.accounts"
    label = "accounts"
    verbose_name = "人员与权限"

    def ready(self) -> None:
        from aftersales.accounts import reference
        from aftersales.accounts.capabilities import CAPABILITIES
        from aftersales.accounts.choices import STAFF_ROLES, RoleCode
        from aftersales.core import menu, permissions, scoping
        from aftersales.core.reference import register_reference

        scoping.register_roles(
            staff=STAFF_ROLES,
            owner=RoleCode.OWNER,
            contractor=RoleCode.CONTRACTOR,
            admin=RoleCode.ADMIN,
        )
        permissions.register_capabilities(CAPABILITIES)
        register_reference("accounts.roles", reference.ensure)
        menu.register_entry(
            "system",
            pgettext_lazy("plural", "用户"),
            "accounts:user_list",
            "users.view",
            "user",
            order=50,
        )
