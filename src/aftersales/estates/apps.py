from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EstatesConfig(AppConfig):
    name = "aftersales.estates"
    label = "estates"
    verbose_name = "房产与客户"

    def ready(self) -> None:
        from aftersales.core.tasks import register_stale_run

        register_stale_run(
            "import", "IMPORT_STALE_SECONDS", "aftersales.estates.importer.fail_abandoned_jobs"
        )
        from aftersales.core import demo, menu
        from aftersales.core.permissions import register_capabilities
        from aftersales.core.reference import register_reference
        from aftersales.estates import demo_data, home, reference
        from aftersales.estates.capabilities import CAPABILITIES

        register_capabilities(CAPABILITIES)
        register_reference("estates.warranty", reference.ensure)
        menu.register_section("estates", _("房产与客户"), order=50)
        for order, (label, url_name, capability, icon) in enumerate(
            [
                (
                    pgettext_lazy("plural", "项目"),
                    "estates:project_list",
                    "estates.view",
                    "building",
                ),
                (pgettext_lazy("plural", "房屋"), "estates:house_list", "estates.view", "house"),
                (
                    pgettext_lazy("plural", "客户"),
                    "estates:customer_list",
                    "customers.view",
                    "users",
                ),
                (_("花名册导入"), "estates:import", "estates.import", "upload"),
                (_("保修目录"), "estates:warranty", "warranty.view", "shield"),
            ]
        ):
            menu.register_entry("estates", label, url_name, capability, icon, order=order * 10)
        menu.register_home_card("estates.projects", home.projects_card, order=10)
        menu.register_home_card("estates.houses", home.houses_card, order=20)
        menu.register_home_card("estates.customers", home.customers_card, order=30)
        demo.register_demo("estates.projects", demo_data.demo_projects, order=10)
        demo.register_demo("estates.people", demo_data.demo_people, order=30)
        demo.register_demo("estates.logins", demo_data.demo_logins, order=90)
