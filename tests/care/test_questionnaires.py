"""The questionnaire editor and answers (R-VIS-2): scores 1–5, choices, sections, answers by
staff and through the owner's signed link (once)."""

from __future__ import annotations

import pytest
from django.core import signing

from aftersales.care.models import Response
from aftersales.care.services import questionnaires
from aftersales.core.errors import Invalid
from aftersales.estates.models import House

pytestmark = pytest.mark.django_db

BODY = {
    "title": "业主意见征询表",
    "kind": "opinion",
    "questions": [
        {"text": "对物业服务的满意度", "type": "score", "section": "服务"},
        {"text": "最希望改进的方面", "type": "choice", "options": ["绿化", "停车", "安保"]},
        {"text": "其他意见", "type": "text"},
    ],
}


def test_create_and_read_a_questionnaire(api, admin):
    response = api(admin).post("questionnaires", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] and [q["type"] for q in body["questions"]] == ["score", "choice", "text"]
    assert body["questions"][0]["section"] == "服务"
    assert api(admin).get(f"questionnaires/{body['id']}").json()["title"] == "业主意见征询表"


@pytest.mark.parametrize(
    "questions",
    [
        [],
        [{"text": "x", "type": "rating"}],
        [{"text": "x", "type": "choice", "options": ["只有一个"]}],
        [{"text": "", "type": "score"}],
    ],
)
def test_bad_questions_are_422(api, admin, questions):
    assert (
        api(admin).post("questionnaires", {"title": "t", "questions": questions}).status_code == 422
    )


@pytest.mark.parametrize("value", [0, 6, "很好", 3.5])
def test_scores_are_one_to_five(api, admin, value):
    qid = api(admin).post("questionnaires", BODY).json()["id"]
    response = api(admin).post(
        f"questionnaires/{qid}/responses", {"answers": [{"question": 0, "value": value}]}
    )
    assert response.status_code == 422


def test_choice_must_be_an_option_and_questions_must_exist(api, admin):
    qid = api(admin).post("questionnaires", BODY).json()["id"]
    bad = api(admin).post(
        f"questionnaires/{qid}/responses", {"answers": [{"question": 1, "value": "电梯"}]}
    )
    assert bad.status_code == 422
    missing = api(admin).post(
        f"questionnaires/{qid}/responses", {"answers": [{"question": 9, "value": 3}]}
    )
    assert missing.status_code == 422
    ok = api(admin).post(
        f"questionnaires/{qid}/responses",
        {
            "answers": [{"question": 0, "value": 5}, {"question": 1, "value": "停车"}],
            "source": "phone",
        },
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["answers"][0] == {"question": 0, "score": 5, "value": "5"}


def test_editing_is_refused_once_answered(api, admin):
    qid = api(admin).post("questionnaires", BODY).json()["id"]
    edited = api(admin).put(f"questionnaires/{qid}", {**BODY, "title": "改名"})
    assert edited.status_code == 200 and edited.json()["title"] == "改名"
    api(admin).post(f"questionnaires/{qid}/responses", {"answers": [{"question": 0, "value": 4}]})
    refused = api(admin).put(f"questionnaires/{qid}", BODY)
    assert refused.status_code == 409 and refused.json()["error"] == "has_responses"


def test_owner_answers_on_his_phone_through_a_signed_link_once(
    client, api, admin, estate, owner_of
):
    house = House.objects.filter(project=estate).first()
    customer = owner_of(house, "周敏", "13700000021")
    qid = api(admin).post("questionnaires", BODY).json()["id"]
    link = api(admin).post(
        f"questionnaires/{qid}/links", {"house": house.pk, "customer": customer.pk}
    )
    assert link.status_code == 201
    url = link.json()["url"]
    page = client.get(url)
    assert page.status_code == 200 and "对物业服务的满意度" in page.content.decode()
    done = client.post(url, {"q0": "2", "q1": "安保", "q2": "门禁经常坏"})
    assert "感谢" in done.content.decode()
    saved = Response.objects.get()
    assert (saved.source, saved.house_id, saved.customer_id, saved.project_id) == (
        "link",
        house.pk,
        customer.pk,
        estate.pk,
    )
    client.post(url, {"q0": "5"})
    assert Response.objects.count() == 1  # one answer sheet per link


def test_a_forged_link_is_refused(client, api, admin):
    qid = api(admin).post("questionnaires", BODY).json()["id"]
    forged = signing.dumps({"q": qid, "h": None, "c": None}, salt="another-salt")
    assert client.get(f"/care/survey/{forged}/").status_code == 404
    with pytest.raises(Invalid):
        questionnaires.submit_by_link(forged, answers=[{"question": 0, "value": 5}])


def test_editor_page_saves_a_questionnaire(client, admin):
    import json

    client.force_login(admin)
    assert client.get("/care/questionnaires/new/").status_code == 200
    response = client.post("/care/questionnaires/new/", {"payload": json.dumps(BODY)})
    assert response.status_code == 302
    bad = client.post(
        "/care/questionnaires/new/", {"payload": json.dumps({**BODY, "questions": []})}
    )
    assert bad.status_code == 200 and "请至少添加一道题目" in bad.content.decode()
