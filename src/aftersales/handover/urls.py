from django.urls import path

from aftersales.handover.views import checklist, custody, desk, inspections, move_ins, reports

urlpatterns = [
    path("", desk.desk, name="desk"),
    path("batches/", desk.batch_list, name="batches"),
    path("batches/<int:pk>/", desk.batch, name="batch"),
    path("appointments/<int:pk>/", desk.appointment, name="appointment"),
    path("appointments/<int:pk>/arrive/", desk.arrive, name="arrive"),
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("houses/<int:house_pk>/inspect/", inspections.inspect, name="inspect"),
    path("inspections/<int:pk>/", inspections.inspection, name="inspection"),
    path("inspections/<int:pk>/reinspect/", inspections.reinspect, name="reinspect"),
    path("inspections/<int:pk>/accept/", inspections.accept, name="accept"),
    path("inspections/<int:pk>/print/", inspections.print_inspection, name="inspection_print"),
    path("inspections/<int:pk>/signature/", inspections.signature, name="signature"),
    path("photos/<int:pk>/", inspections.item_photo, name="item_photo"),
    path("houses/<int:house_pk>/move-in/", move_ins.move_in_new, name="move_in_new"),
    path("move-ins/<int:pk>/", move_ins.move_in, name="move_in"),
    path("move-ins/<int:pk>/print/", move_ins.print_move_in, name="move_in_print"),
    path("custodies/", custody.custody_list, name="custodies"),
    path("custodies/rain/", custody.rain_round, name="rain_round"),
    path("houses/<int:house_pk>/custody/", custody.custody_new, name="custody_new"),
    path("custodies/<int:pk>/", custody.custody, name="custody"),
    path("custodies/<int:pk>/end/", custody.custody_end, name="custody_end"),
    path("patrol-photos/<int:pk>/", custody.patrol_photo, name="patrol_photo"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/<int:pk>/", reports.report, name="report"),
    path("checklist/", checklist.checklist_page, name="checklist"),
]
