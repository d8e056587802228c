"""The permission matrix: every API route and every web URL with an id, mapped to a case.

A :class:`Case` names the record its ids point at and who may use the route:

* ``who`` — the families of personas that may use it: ``staff`` (project scope), ``owner``
  (his own customer record, houses and tickets) and ``contractor`` (the work given to his
  company);
* ``deny`` — a persona whose role may not act here (answer 403) for write routes; ``None``
  when every role that reaches the route may act on it;
* ``body`` — the request body when the schema's required fields are not enough; a value
  ``"@kind:side"`` is the id of that record (``"@file"``: a small picture to upload), a key
  may name the path's ids (``"t{pk}-decision"``);
* ``query`` — the query string of a GET, with the same ``"@kind:side"`` references;
* ``xfail`` — a known leak being fixed elsewhere (the test must not hide it: ``strict=False``).

Adding a route: add one line to :data:`API` (``"METHOD /path"`` exactly as ninja lists it) or
:data:`WEB` (``namespace:name``), with the record kind of its ids; the test fails until every
route of the URL conf is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STAFF = frozenset({"staff"})
OWNER = frozenset({"owner"})
CONTRACTOR = frozenset({"contractor"})
ALL = STAFF | OWNER | CONTRACTOR
NOBODY: frozenset[str] = frozenset()

# Which scope separates side A from side B for each kind of record; kinds not listed are
# shared reference data (funds, policies, phenomena, templates, calendar days, components).
FAMILIES: dict[str, frozenset[str]] = {
    "project": STAFF,
    "house": STAFF | OWNER,
    "customer": STAFF | OWNER,
    "customer_house": STAFF,
    "public_area": STAFF,
    "ticket": ALL,
    "complaint": STAFF | OWNER,
    "transfer": STAFF | CONTRACTOR,
    "spending": STAFF | CONTRACTOR,
    "final_account": STAFF | CONTRACTOR,
    "settlement": STAFF | CONTRACTOR,
    "attachment": ALL,
    "meeting": STAFF,
    "action": STAFF,
    "lesson": STAFF,
    "contractor": CONTRACTOR,
    "export": STAFF,
    "import": STAFF,
    "saved_view": STAFF,
    "user": STAFF,
    # front desk
    "paid": STAFF | OWNER,
    "remittance": STAFF,
    "lock": STAFF,
    "mail": STAFF | OWNER,
    "renovation": STAFF | OWNER,
    "slip": STAFF | OWNER,
    "slip_code": STAFF,
    "bill": STAFF | OWNER,
    "fee_action": STAFF,
    "collection": STAFF,
    # handover
    "ho_batch": STAFF,
    "ho_appointment": STAFF,
    "ho_inspection": STAFF,
    "ho_item": STAFF,
    "ho_photo": STAFF,
    "ho_move_in": STAFF,
    "ho_custody": STAFF,
    "ho_patrol": STAFF,
    "ho_patrol_photo": STAFF,
    "ho_report": STAFF,
    "campaign": STAFF,
    "target": STAFF,
    "visit": STAFF,
    "response": STAFF,
    "care_message": STAFF,
    "activity": STAFF,
    "activity_photo": STAFF,
    "notice": STAFF,
    "spot_check": STAFF,
}

# Path parameter → record kind, unless the case says otherwise.
PARAMS = {
    "ticket_id": "ticket",
    "house_id": "house",
    "customer_id": "customer",
    "project_id": "project",
    "area_id": "public_area",
    "user_id": "user",
    "contractor_id": "contractor",
    "transfer_id": "transfer",
    "request_id": "spending",
    "account_id": "final_account",
    "settlement_id": "settlement",
    "fund_id": "fund",
    "lesson_id": "lesson",
    "meeting_id": "meeting",
    "action_id": "action",
    "attachment_id": "attachment",
    "policy_id": "policy",
    "phenomenon_id": "phenomenon",
    "code": "template",
    "day": "day",
    "component": "component",
    # front desk
    "price_item_id": "price_item",
    "service_id": "paid",
    "remittance_id": "remittance",
    "lock_id": "lock",
    "mail_id": "mail",
    "renovation_id": "renovation",
    "slip_id": "slip",
    "bill_id": "bill",
    "collection_id": "collection",
    # handover
    "batch_id": "ho_batch",
    "appointment_id": "ho_appointment",
    "inspection_id": "ho_inspection",
    "item_id": "ho_item",
    "move_in_id": "ho_move_in",
    "custody_id": "ho_custody",
    "patrol_id": "ho_patrol",
    "report_id": "ho_report",
    "house_pk": "house",
    "questionnaire_id": "questionnaire",
    "response_id": "response",
    "campaign_id": "campaign",
    "visit_id": "visit",
    "rule_id": "care_rule",
    "message_id": "care_message",
    "activity_id": "activity",
    "notice_id": "notice",
    "check_id": "spot_check",
}


@dataclass(frozen=True)
class Case:
    record: str | None = None  # the kind of the route's main id; None: no id (list, create)
    who: frozenset[str] = STAFF
    deny: str | None = "analyst_a"
    body: dict | None = None
    params: dict = field(default_factory=dict)  # path parameter → record kind or a literal
    query: dict = field(default_factory=dict)  # query string of a GET
    method: str = "GET"  # web only: how the screen is asked
    read: bool = True  # GET: the own side's record is read with 2xx by each family in who
    xfail: str = ""
    # the checks xfail applies to: "cross", "read", "deny", "list", or "cross staff_b" and so on
    xfail_checks: tuple[str, ...] = ()


def ticket_action(**kw) -> Case:
    return Case("ticket", **kw)


API: dict[str, Case] = {
    "POST /auth/token": Case(who=NOBODY, deny=None),
    # people
    "POST /users": Case(),
    "GET /users": Case(),
    "GET /users/{user_id}": Case("user"),
    "PATCH /users/{user_id}": Case("user", who=NOBODY),  # admins only
    "GET /roles": Case(),
    "GET /departments": Case(),
    "POST /me/password": Case(who=ALL, deny=None),  # every signed-in user, his own password
    # estates
    "POST /projects": Case(),
    "GET /projects": Case(),
    "GET /projects/{project_id}": Case("project"),
    "PATCH /projects/{project_id}": Case("project"),
    "GET /warranty-components": Case(),
    "GET /projects/{project_id}/warranty-terms": Case("project"),
    "PUT /projects/{project_id}/warranty-terms/{component}": Case("project"),
    "POST /houses": Case(),
    "GET /houses": Case(who=STAFF | OWNER),
    "GET /houses/export": Case(),
    "GET /houses/{house_id}": Case("house", who=STAFF | OWNER),
    "PATCH /houses/{house_id}": Case("house"),
    "GET /houses/{house_id}/warranty": Case("house", who=STAFF | OWNER),
    "POST /public-areas": Case(),
    "GET /public-areas": Case(),
    "GET /public-areas/{area_id}": Case("public_area"),
    "POST /customers": Case(),
    "GET /customers": Case(who=STAFF | OWNER),
    "GET /customers/lookup": Case(query={"phone": "13800000000"}),
    "GET /customers/export": Case(),
    "GET /customers/{customer_id}": Case("customer", who=STAFF | OWNER),
    "PATCH /customers/{customer_id}": Case("customer"),
    "POST /customers/{customer_id}/houses": Case("customer"),
    "POST /customers/{customer_id}/reveal-id": Case("customer"),
    # calendar
    "GET /calendar/days": Case(query={"start": "2026-11-01", "end": "2026-11-30"}),
    "GET /calendar/days/{day}": Case("day"),
    "PUT /calendar/days/{day}": Case("day"),
    "PUT /calendar/years/{year}": Case("year", params={"year": 2026}),
    "GET /calendar/due": Case(
        query={"start": "2026-11-20T10:00:00+08:00", "amount": 2, "unit": "working_days"}
    ),
    # imports
    "POST /imports": Case(),
    "GET /imports/template": Case(),
    "GET /imports/{job_id}": Case("import", params={"job_id": "import"}),
    # a job is seen by the one who uploaded it only: anyone else is answered 404
    "POST /imports/{job_id}/apply": Case("import", params={"job_id": "import"}, deny=None),
    # tickets
    "POST /tickets": Case(who=STAFF | OWNER),
    "GET /tickets": Case(who=ALL),
    "GET /tickets/{ticket_id}": Case("ticket", who=ALL),
    "GET /tickets/{ticket_id}/events": Case("ticket", who=ALL),
    "GET /phenomena": Case(),
    "POST /phenomena": Case(),
    "GET /notifications": Case(who=ALL),
    "POST /notifications/read": Case(who=ALL, deny=None),
    "GET /warnings": Case(),
    "GET /deadline-policies": Case(),
    "POST /deadline-policies": Case(),
    "PATCH /deadline-policies/{policy_id}": Case("policy"),
    "PATCH /phenomena/{phenomenon_id}": Case("phenomenon"),
    "GET /notification-templates": Case(),
    "PATCH /notification-templates/{code}": Case("template"),
    # contractors and money
    "POST /contractors": Case(),
    "GET /contractors": Case(who=STAFF | CONTRACTOR),
    "GET /contractors/{contractor_id}": Case("contractor", who=STAFF | CONTRACTOR),
    "PATCH /contractors/{contractor_id}": Case("contractor"),
    "POST /contractors/{contractor_id}/deposits": Case("contractor"),
    "POST /contractors/{contractor_id}/releases": Case("contractor"),
    "GET /contractors/{contractor_id}/ledger": Case("contractor", who=STAFF | CONTRACTOR),
    "GET /contractors/{contractor_id}/ledger.xlsx": Case("contractor", who=STAFF | CONTRACTOR),
    "POST /tickets/{ticket_id}/transfer": Case("ticket"),
    "GET /transfers": Case(who=STAFF | CONTRACTOR),
    "POST /transfers/{transfer_id}/accept": Case("transfer", who=CONTRACTOR),
    "POST /transfers/{transfer_id}/decline": Case(
        "transfer", who=CONTRACTOR, body={"reason": "不属于保修范围"}
    ),
    "POST /tickets/{ticket_id}/spending-requests": Case("ticket"),
    "GET /tickets/{ticket_id}/spending-requests": Case(
        "ticket",
        who=STAFF | CONTRACTOR,
    ),
    "GET /spending-requests": Case(who=STAFF | CONTRACTOR),
    "GET /spending-requests/{request_id}": Case("spending", who=STAFF | CONTRACTOR),
    "POST /spending-requests/{request_id}/approve": Case("spending"),
    "POST /spending-requests/{request_id}/reject": Case("spending", body={"comment": "超标"}),
    "POST /tickets/{ticket_id}/final-accounts": Case(
        "ticket", body={"lines": [{"item": "防水卷材", "quantity": "1", "unit_price": "100"}]}
    ),
    "GET /final-accounts": Case(who=STAFF | CONTRACTOR),
    "GET /final-accounts/{account_id}": Case("final_account", who=STAFF | CONTRACTOR),
    "POST /final-accounts/{account_id}/review": Case("final_account"),
    "GET /settlements": Case(who=STAFF | CONTRACTOR),
    "GET /settlements/{settlement_id}": Case("settlement", who=STAFF | CONTRACTOR),
    "POST /settlements/{settlement_id}/confirm": Case("settlement", who=CONTRACTOR),
    "POST /settlements/{settlement_id}/certify": Case("settlement"),
    "POST /settlements/{settlement_id}/pay": Case("settlement"),
    "GET /funds": Case(),
    "GET /funds/{fund_id}": Case("fund"),
    "POST /funds/{fund_id}/draws": Case("fund"),
    "POST /funds/{fund_id}/replenishments": Case("fund"),
    "GET /evaluations": Case(),
    # reports
    "GET /reports/kpis": Case(),
    "GET /reports/breakdown": Case(),
    "GET /reports/definitions": Case(),
    "POST /exports": Case(body={"kind": "tickets"}, deny="technician_a"),
    "GET /exports": Case(),
    "GET /exports/{job_id}": Case("export", params={"job_id": "export"}),
    "GET /exports/{job_id}/download": Case("export", params={"job_id": "export"}),
    # analysis
    "GET /reports/weekly-complaints": Case(query={"project": "@project:b"}),
    "GET /reports/complaints-rollup": Case(),
    "GET /reports/recurring": Case(),
    "GET /reports/warnings-board": Case(),
    "GET /lessons": Case(),
    "POST /lessons": Case(deny="technician_a"),
    "GET /lessons/{lesson_id}": Case("lesson"),
    "PATCH /lessons/{lesson_id}": Case("lesson", deny="technician_a"),
    "DELETE /lessons/{lesson_id}": Case("lesson", deny="technician_a"),
    "GET /meetings": Case(),
    "POST /meetings": Case(),
    "GET /meetings/{meeting_id}": Case("meeting"),
    "PATCH /meetings/{meeting_id}": Case("meeting"),
    "GET /meetings/{meeting_id}/actions": Case("meeting"),
    "POST /meetings/{meeting_id}/actions": Case("meeting"),
    "PATCH /meetings/{meeting_id}/actions/{action_id}": Case("action"),
    # attachments
    "POST /tickets/{ticket_id}/attachments": Case("ticket"),
    "GET /tickets/{ticket_id}/attachments": Case("ticket", who=ALL),
    "GET /attachments/{attachment_id}": Case("attachment", who=ALL),
    "DELETE /attachments/{attachment_id}": Case("attachment"),
    "GET /attachments/{attachment_id}/file": Case("attachment", who=ALL),
    "GET /attachments/{attachment_id}/thumbnail": Case("attachment", who=ALL),
    "GET /tickets/{ticket_id}/suggested-technicians": Case("ticket"),
    # handover and move-in
    "POST /handover/batches": Case(),
    "GET /handover/batches": Case(),
    "GET /handover/batches/{batch_id}": Case("ho_batch"),
    "POST /handover/batches/{batch_id}/appointments": Case("ho_batch"),
    "GET /handover/appointments": Case(),
    "GET /handover/appointments/{appointment_id}": Case("ho_appointment"),
    "POST /handover/appointments/{appointment_id}/arrive": Case("ho_appointment"),
    "POST /handover/appointments/{appointment_id}/documents": Case("ho_appointment"),
    "POST /handover/appointments/{appointment_id}/cancel": Case("ho_appointment"),
    "GET /handover/arrivals": Case(),
    "GET /handover/checklist": Case(),
    "POST /handover/inspections": Case(),
    "GET /handover/inspections": Case(),
    "GET /handover/inspections/{inspection_id}": Case("ho_inspection"),
    "POST /handover/inspections/{inspection_id}/reinspect": Case("ho_inspection"),
    "POST /handover/inspections/{inspection_id}/accept": Case("ho_inspection"),
    "POST /handover/inspections/{inspection_id}/items/{item_id}/photos": Case("ho_inspection"),
    "POST /handover/move-ins": Case(),
    "GET /handover/move-ins": Case(),
    "GET /handover/move-ins/{move_in_id}": Case("ho_move_in"),
    "POST /handover/move-ins/{move_in_id}/files": Case("ho_move_in"),
    "POST /handover/custodies": Case(),
    "GET /handover/custodies": Case(),
    "GET /handover/custodies/{custody_id}": Case("ho_custody"),
    "POST /handover/custodies/{custody_id}/patrols": Case("ho_custody"),
    "POST /handover/custodies/{custody_id}/end": Case("ho_custody"),
    "POST /handover/rain-rounds": Case(),
    "GET /handover/patrols": Case(),
    "GET /handover/patrols/{patrol_id}": Case("ho_patrol"),
    "POST /handover/patrols/{patrol_id}/photos": Case("ho_patrol"),
    "POST /handover/usage-reports": Case(),
    "GET /handover/usage-reports": Case(),
    "GET /handover/usage-reports/{report_id}": Case("ho_report"),
    # care: questionnaires, visit campaigns, customer care, activities (R-VIS)
    "POST /questionnaires": Case(),
    "GET /questionnaires": Case(),
    "GET /questionnaires/{questionnaire_id}": Case("questionnaire"),
    "PUT /questionnaires/{questionnaire_id}": Case("questionnaire"),
    "POST /questionnaires/{questionnaire_id}/active": Case("questionnaire"),
    "POST /questionnaires/{questionnaire_id}/responses": Case(
        "questionnaire", body={"answers": [{"question": 0, "value": 4}], "house": "@house:b"}
    ),
    "GET /questionnaires/{questionnaire_id}/responses": Case("questionnaire"),
    "POST /questionnaires/{questionnaire_id}/links": Case("questionnaire"),
    "GET /questionnaires/{questionnaire_id}/stats": Case("questionnaire"),
    "GET /responses": Case(),
    "GET /responses/{response_id}": Case("response"),
    "POST /visits/campaigns": Case(body={"project": "@project:a", "kind": "special"}),
    "GET /visits/campaigns": Case(),
    "GET /visits/campaigns/{campaign_id}": Case("campaign"),
    "GET /visits/campaigns/{campaign_id}/targets": Case("campaign"),
    "POST /visits/campaigns/{campaign_id}/assign": Case("campaign", body={"assignee": "@user:a"}),
    "POST /visits/campaigns/{campaign_id}/close": Case("campaign"),
    "POST /visits/campaigns/{campaign_id}/visits": Case(
        "campaign", body={"house": "@house:a", "method": "phone"}
    ),
    "GET /visits": Case(),
    "GET /visits/{visit_id}": Case("visit"),
    "POST /visits/{visit_id}/repeat": Case("visit", body={"note": "复访"}),
    "POST /visit-spot-checks": Case(
        body={"project": "@project:a", "year": 2020, "visits_checked": 5, "findings": "好"}
    ),
    "GET /visit-spot-checks": Case(),
    "GET /visit-spot-checks/{check_id}": Case("spot_check"),
    "GET /care/upcoming": Case(query={"days": 366}),
    "GET /care/rules": Case(),
    "POST /care/rules": Case(),
    "GET /care/rules/{rule_id}": Case("care_rule"),
    "PATCH /care/rules/{rule_id}": Case("care_rule"),
    "GET /care/messages": Case(),
    "GET /care/messages/{message_id}": Case("care_message"),
    "POST /activities": Case(),
    "GET /activities": Case(),
    "GET /activities/{activity_id}": Case("activity"),
    "POST /activities/{activity_id}/invite": Case("activity"),
    "POST /activities/{activity_id}/signups": Case("activity"),
    "GET /activities/{activity_id}/signups": Case("activity"),
    "POST /activities/{activity_id}/execution": Case("activity"),
    "POST /activities/{activity_id}/archive": Case("activity"),
    "GET /notices": Case(),
    "POST /notices": Case(),
    "GET /notices/{notice_id}": Case("notice"),
    "POST /notices/{notice_id}/renew": Case("notice"),
}
# front desk (resident services)
API.update(
    {
        "POST /services/price-items": Case(),
        "GET /services/price-items": Case(),
        "GET /services/price-items/{price_item_id}": Case("price_item"),
        "POST /services/paid": Case(),
        "GET /services/paid": Case(who=STAFF | OWNER),
        "GET /services/paid/{service_id}": Case("paid", who=STAFF | OWNER),
        "POST /services/paid/{service_id}/quote": Case("paid", body={"amount": "10.00"}),
        "POST /services/paid/{service_id}/accept": Case("paid"),
        "POST /services/paid/{service_id}/inspect": Case("paid", body={"note": "巡查"}),
        "POST /services/paid/{service_id}/complete": Case("paid"),
        "POST /services/paid/{service_id}/pay": Case("paid", body={"amount": "80.00"}),
        "POST /services/paid/{service_id}/dispute": Case("paid", body={"reason": "价格"}),
        "POST /services/paid/{service_id}/cancel": Case("paid"),
        "POST /services/remittances": Case(),
        "GET /services/remittances": Case(),
        "GET /services/remittances/{remittance_id}": Case("remittance"),
        "POST /services/remittances/{remittance_id}/confirm": Case("remittance"),
        "POST /services/lock-changes": Case(),
        "GET /services/lock-changes": Case(),
        "GET /services/lock-changes/{lock_id}": Case("lock"),
        "POST /services/lock-changes/{lock_id}/consent": Case(
            "lock", body={"owner_consent": "同意"}
        ),
        "POST /services/lock-changes/{lock_id}/witness": Case("lock", body={"party": "concierge"}),
        "POST /services/lock-changes/{lock_id}/open": Case("lock"),
        "POST /services/mail": Case(),
        "GET /services/mail": Case(who=STAFF | OWNER),
        "GET /services/mail/{mail_id}": Case("mail", who=STAFF | OWNER),
        "POST /services/mail/{mail_id}/deliver": Case(
            "mail", body={"receiver_name": "某", "signature": ""}
        ),
        "POST /services/renovations": Case(),
        "GET /services/renovations": Case(who=STAFF | OWNER),
        "GET /services/renovations/{renovation_id}": Case("renovation", who=STAFF | OWNER),
        "POST /services/renovations/{renovation_id}/review": Case(
            "renovation", body={"approved": True}
        ),
        "POST /services/renovations/{renovation_id}/permit": Case("renovation"),
        "POST /services/renovations/{renovation_id}/inspections": Case(
            "renovation", body={"findings": "正常"}
        ),
        "POST /services/renovations/{renovation_id}/finish": Case("renovation"),
        "POST /services/release-slips": Case(),
        "GET /services/release-slips": Case(who=STAFF | OWNER),
        "GET /services/release-slips/{slip_id}": Case("slip", who=STAFF | OWNER),
        "POST /services/release-slips/{code}/check": Case(
            "slip_code", params={"code": "slip_code"}
        ),
    }
)
for _action in [
    "dispatch",
    "reassign",
    "appointment",
    "survey",
    "approve_plan",
    "start",
    "complete",
    "check",
    "sign_off",
    "callback",
    "pause",
    "resume",
    "extend",
    "merge",
    "close",
]:
    API[f"POST /tickets/{{ticket_id}}/{_action}"] = ticket_action()
for _action in [
    "route",
    "feedback",
    "reply",
    "resolve",
    "invalidate",
    "approve_resolution",
    "instruct",
]:  # complaints only
    API[f"POST /tickets/{{ticket_id}}/{_action}"] = Case(
        "complaint", params={"ticket_id": "complaint"}
    )


# property fees and arrears
API.update(
    {
        "PUT /projects/{project_id}/fee-standard": Case("project", body={"price_per_sqm": "2.50"}),
        "GET /projects/{project_id}/fee-standard": Case("project"),
        "GET /fees/standards": Case(),
        "POST /fees/bills": Case(body={"house": "@house:a", "period": "2026-01"}),
        "POST /fees/billing-runs": Case(body={"project": "@project:a", "period": "2026-01"}),
        "GET /fees/bills": Case(who=STAFF | OWNER),
        "GET /fees/bills/{bill_id}": Case("bill", who=STAFF | OWNER),
        "POST /fees/bills/{bill_id}/pay": Case("bill", body={"amount": "1.00"}),
        "GET /fees/arrears": Case(),
        "POST /fees/arrears/actions": Case(body={"house": "@house:a", "step": "reminder"}),
        "GET /fees/arrears/actions": Case(),
        "GET /fees/arrears/actions/{action_id}": Case(
            "fee_action", params={"action_id": "fee_action"}
        ),
        "POST /fees/collections": Case(),
        "GET /fees/collections": Case(),
        "GET /fees/collections/{collection_id}": Case("collection"),
        "POST /fees/collections/{collection_id}/done": Case("collection"),
    }
)


def web(record: str, method: str = "GET", **kw) -> Case:
    return Case(record, method=method, **kw)


WEB: dict[str, Case] = {
    "accounts:user_edit": web("user", who=NOBODY),  # admins only, and they see every project
    "estates:project_detail": web("project"),
    "estates:project_edit": web("project"),
    "estates:public_area_create": web("project", "POST"),
    "estates:house_detail": web("house"),
    "estates:house_edit": web("house"),
    "estates:customer_detail": web("customer"),
    "estates:customer_edit": web("customer"),
    "estates:customer_reveal_id": web("customer", "POST"),
    "estates:customer_link_house": web("customer", "POST"),
    "estates:customer_unlink_house": web("customer", "POST", params={"link_pk": "customer_house"}),
    "estates:import_detail": web("import"),
    "estates:import_progress": web("import"),
    "tickets:detail": web("ticket"),
    "tickets:print": web("ticket", params={"form": "repair"}),
    "tickets:signature": web("ticket", read=False),
    "tickets:action": web("ticket", "POST", params={"action": "pause"}),
    "tickets:saved_view_delete": web("saved_view", "POST"),
    "core:calendar_day": web("day", who=NOBODY, params={"date": "day"}),
    "costs:spending_decide": web("spending", "POST"),
    "costs:settlement_detail": web("settlement", who=STAFF | CONTRACTOR),
    "costs:print_settlement": web("settlement", who=STAFF | CONTRACTOR),
    "costs:settlement_step": web("settlement", "POST", params={"step": "certify"}),
    "costs:account_detail": web("final_account", who=STAFF | CONTRACTOR),
    "costs:print_account": web("final_account", who=STAFF | CONTRACTOR),
    "costs:account_review": web("final_account", "POST"),
    "costs:spending_new": web("ticket", "POST"),
    "costs:account_new": web("ticket", "POST"),
    "costs:contractor_detail": web("contractor", who=STAFF | CONTRACTOR),
    "costs:contractor_edit": web("contractor"),
    "costs:contractor_deposit": web("contractor", "POST"),
    "costs:contractor_release": web("contractor", "POST"),
    "costs:ledger_export": web("contractor", who=STAFF | CONTRACTOR),
    "costs:transfer_answer": web(
        "transfer", "POST", who=CONTRACTOR, body={"t{pk}-decision": "accept"}
    ),
    "costs:ticket_transfer": web("ticket", "POST"),
    "costs:fund_draw": web("fund", "POST"),
    "costs:fund_replenish": web("fund", "POST"),
    "costs:fund_export": web("fund"),
    "reports:export_download": web("export"),
    "analysis:lesson_detail": web("lesson"),
    "analysis:meeting_detail": web("meeting"),
    "analysis:meeting_edit": web("meeting"),
    "analysis:meeting_print": web("meeting"),
    "analysis:action_add": web("meeting", "POST"),
    "analysis:action_done": web("meeting", "POST", params={"action_pk": "action"}),
    "attachments:upload": web(
        "ticket", "POST", params={"ticket": "ticket"}, body={"files": "@file"}
    ),
    "attachments:file": web("attachment"),
    "attachments:thumbnail": web("attachment"),
    "attachments:delete": web("attachment", "POST"),
    # property fees
    "fees:bill_detail": web("bill"),
    "fees:bill_pay": web("bill", "POST", body={"amount": "1.00", "method": "cash"}),
    "fees:receipt": web("bill"),
    "fees:collection_done": web("collection", "POST"),
    # handover and move-in
    "handover:batch": web("ho_batch"),
    "handover:appointment": web("ho_appointment"),
    "handover:arrive": web("ho_appointment", "POST"),
    "handover:inspect": web("house"),
    "handover:inspection": web("ho_inspection"),
    "handover:reinspect": web("ho_inspection", "POST"),
    "handover:accept": web("ho_inspection", "POST"),
    "handover:inspection_print": web("ho_inspection"),
    "handover:signature": web("ho_inspection", read=False),
    "handover:item_photo": web("ho_photo"),
    "handover:move_in_new": web("house"),
    "handover:move_in": web("ho_move_in"),
    "handover:move_in_print": web("ho_move_in"),
    "handover:custody_new": web("house"),
    "handover:custody": web("ho_custody"),
    "handover:custody_end": web("ho_custody", "POST"),
    "handover:patrol_photo": web("ho_patrol_photo"),
    "handover:report": web("ho_report"),
    "care:campaign": web("campaign"),
    "care:campaign_assign": web("campaign", "POST"),
    "care:campaign_close": web("campaign", "POST"),
    "care:visit_new": web("campaign", params={"target_pk": "target"}),
    "care:visit": web("visit"),
    "care:questionnaire_edit": web("questionnaire"),
    "care:questionnaire_stats": web("questionnaire"),
    "care:questionnaire_export": web("questionnaire"),
    "care:questionnaire_link": web("questionnaire", "POST"),
    "care:survey": web("questionnaire", who=NOBODY, params={"token": "not-a-token"}),
    "care:rule_edit": web("care_rule"),
    "care:activity": web("activity"),
    "care:activity_invite": web("activity", "POST"),
    "care:activity_signup": web("activity", "POST"),
    "care:activity_archive": web("activity", "POST"),
    "care:activity_photo": web("activity", params={"photo_pk": "activity_photo"}),
    "care:notice_renew": web("notice", "POST"),
}
# front desk (resident services)
WEB.update(
    {
        "frontdesk:paid_detail": web("paid"),
        "frontdesk:paid_print": web("paid"),
        "frontdesk:paid_action": web("paid", "POST", params={"action": "accept"}),
        "frontdesk:remittance_detail": web("remittance"),
        "frontdesk:remittance_confirm": web("remittance", "POST"),
        "frontdesk:lock_detail": web("lock"),
        "frontdesk:lock_print": web("lock"),
        "frontdesk:lock_action": web("lock", "POST", params={"action": "open"}),
        "frontdesk:mail_detail": web("mail"),
        "frontdesk:mail_deliver": web("mail", "POST"),
        "frontdesk:renovation_detail": web("renovation"),
        "frontdesk:renovation_print": web("renovation"),
        "frontdesk:renovation_action": web("renovation", "POST", params={"action": "finish"}),
        "frontdesk:slip_detail": web("slip"),
        "frontdesk:slip_print": web("slip"),
    }
)

# owner self-service (portal, R-SS-1): what an owner calls is his own; owner B gets 404 for
# owner A's records (the cross checks), and the portal pages without an id show owner B
# nothing of side A (tests/test_permission_matrix.py, ``PAGE_PERSONAS``).
API.update(
    {
        "GET /me": Case(who=OWNER),
        "GET /me/houses/{house_id}/warranty": Case("house", who=OWNER),
        "POST /auth/code": Case(who=NOBODY, deny=None),
        "POST /auth/code/token": Case(who=NOBODY, deny=None),
        "POST /tickets/{ticket_id}/sign_off": ticket_action(who=STAFF | OWNER),
        "POST /tickets/{ticket_id}/rate": ticket_action(who=OWNER, body={"score": 5}),
        "POST /tickets/{ticket_id}/attachments": Case("ticket", who=STAFF | OWNER),
    }
)
WEB.update(
    {
        "portal:warranty": web("house", who=OWNER),
        "portal:ticket": web("ticket", who=OWNER),
        "portal:sign": web("ticket", "POST", who=OWNER, body={"opinion": "satisfied"}),
        "portal:rate": web("ticket", "POST", who=OWNER, body={"score": "5"}),
    }
)

# the owner's booking and bills on the portal (R-SS-1 with R-SVC-1, R-SVC-6): owner B gets 404
# for owner A's paid services; the pages without an id are walked by owner B (PAGE_PERSONAS)
API.update(
    {
        "POST /services/paid/{service_id}/accept": Case("paid", who=STAFF | OWNER),
        "POST /services/paid/{service_id}/dispute": Case(
            "paid", who=STAFF | OWNER, body={"reason": "价格"}
        ),
    }
)
WEB.update(
    {
        "frontdesk:my_service_action": web("paid", "POST", who=OWNER, params={"action": "accept"}),
    }
)
# the inspection checklist (reference data, shared by both sides)
API.update(
    {
        "POST /handover/checklist": Case(),
        "PATCH /handover/checklist/{line_id}": Case(
            "checklist_item", params={"line_id": "checklist_item"}
        ),
    }
)
