"""Web screens of estates and customers (namespace ``estates``)."""

from django.urls import path

from aftersales.estates.views import customers, exports, houses, imports, projects, warranty

urlpatterns = [
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/public-areas/", projects.public_area_create, name="public_area_create"),
    path("houses/", houses.house_list, name="house_list"),
    path("houses/new/", houses.house_create, name="house_create"),
    path("houses/options/", houses.house_options, name="house_options"),
    path("houses/export/", exports.export_houses, name="export_houses"),
    path("houses/<int:pk>/", houses.house_detail, name="house_detail"),
    path("houses/<int:pk>/edit/", houses.house_edit, name="house_edit"),
    path("customers/", customers.customer_list, name="customer_list"),
    path("customers/new/", customers.customer_create, name="customer_create"),
    path("customers/export/", exports.export_customers, name="export_customers"),
    path("customers/<int:pk>/", customers.customer_detail, name="customer_detail"),
    path("customers/<int:pk>/edit/", customers.customer_edit, name="customer_edit"),
    path("customers/<int:pk>/reveal-id/", customers.customer_reveal_id, name="customer_reveal_id"),
    path("customers/<int:pk>/houses/", customers.customer_link_house, name="customer_link_house"),
    path(
        "customers/<int:pk>/houses/<int:link_pk>/unlink/",
        customers.customer_unlink_house,
        name="customer_unlink_house",
    ),
    path("import/", imports.import_page, name="import"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("warranty/", warranty.warranty, name="warranty"),
]
