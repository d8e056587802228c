"""Web screens of 回访与客户关怀 (namespace ``care``)."""

from django.urls import path

from aftersales.care.views import activities, campaigns, care, questionnaires

urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/assign/", campaigns.campaign_assign, name="campaign_assign"),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path(
        "campaigns/<int:pk>/targets/<int:target_pk>/visit/", campaigns.visit_new, name="visit_new"
    ),
    path("my-visits/", campaigns.my_targets, name="my_targets"),
    path("visits/<int:pk>/", campaigns.visit_detail, name="visit"),
    path("spot-checks/", campaigns.spot_checks, name="spot_checks"),
    path("questionnaires/", questionnaires.questionnaire_list, name="questionnaires"),
    path("questionnaires/new/", questionnaires.questionnaire_new, name="questionnaire_new"),
    path(
        "questionnaires/<int:pk>/edit/",
        questionnaires.questionnaire_edit,
        name="questionnaire_edit",
    ),
    path(
        "questionnaires/<int:pk>/stats/",
        questionnaires.questionnaire_stats,
        name="questionnaire_stats",
    ),
    path(
        "questionnaires/<int:pk>/export/",
        questionnaires.questionnaire_export,
        name="questionnaire_export",
    ),
    path(
        "questionnaires/<int:pk>/link/",
        questionnaires.questionnaire_link,
        name="questionnaire_link",
    ),
    path("survey/<str:token>/", questionnaires.survey, name="survey"),
    path("upcoming/", care.upcoming, name="upcoming"),
    path("upcoming/run/", care.run_now, name="run_now"),
    path("rules/", care.rule_list, name="rules"),
    path("rules/<int:pk>/", care.rule_edit, name="rule_edit"),
    path("activities/", activities.activity_list, name="activities"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/invite/", activities.activity_invite, name="activity_invite"),
    path("activities/<int:pk>/signup/", activities.activity_signup, name="activity_signup"),
    path("activities/<int:pk>/archive/", activities.activity_archive, name="activity_archive"),
    path(
        "activities/<int:pk>/photos/<int:photo_pk>/",
        activities.activity_photo,
        name="activity_photo",
    ),
    path("notices/", activities.notice_list, name="notices"),
    path("notices/<int:pk>/renew/", activities.notice_renew, name="notice_renew"),
]
