"""Full-text search on PostgreSQL: jieba's words and the bigrams in ``search_vector`` (GIN)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from aftersales.tickets import search, services
from aftersales.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("full-text search runs on PostgreSQL")


def register(actor, description: str) -> Ticket:
    return services.register_ticket(
        actor, kind="repair", channel="hotline", phone="13800000001", description=description
    )


def keyword(user, q: str) -> list[int]:
    return list(search.search_tickets(user, search.TicketSearch(q=q)).values_list("pk", flat=True))


def test_words_are_jiebas_and_every_bigram():
    words = search.index_words("房门锁坏了").split()
    assert "房门" in words  # jieba's word
    assert {"房门", "门锁", "锁坏", "坏了"} <= set(words)  # every bigram of the run


def test_keyword_becomes_a_phrase_of_bigrams():
    assert search.tsquery("卫生间") == "('卫生' <-> '生间')"
    assert search.tsquery("漏水") == "('漏水')"
    assert search.tsquery("锁") == "'锁':*"
    assert search.tsquery("3栋 ABC") == "'3':* & '栋':* & 'abc':*"
    assert search.tsquery("'); DROP") == "'drop':*"
    assert search.tsquery("，。") == ""


@pytest.mark.postgres
def test_intake_writes_the_column_and_two_characters_find_it(agent_a, project_a):
    needs_postgres()
    leak = register(agent_a, "卫生间下水管道漏水，楼下天花板有水渍")
    lock = register(agent_a, "房门锁坏了，钥匙打不开")
    assert Ticket.objects.get(pk=leak.pk).search_vector
    for word in ("漏水", "管道", "水渍", "卫生间", "下水管道", "天花板"):
        assert keyword(agent_a, word) == [leak.pk], word
    assert keyword(agent_a, "门锁") == [lock.pk]
    assert keyword(agent_a, "钥匙 打不开") == [lock.pk]
    assert keyword(agent_a, "锁") == [lock.pk]
    assert keyword(agent_a, "管漏") == []  # not adjacent in the text
    assert keyword(agent_a, "燃气") == []


@pytest.mark.postgres
def test_the_keyword_uses_the_gin_index(agent_a, project_a):
    needs_postgres()
    register(agent_a, "卫生间漏水")
    qs = Ticket.objects.filter(search.words_match("漏水")).order_by().only("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "ticket_search_gin" in plan


@pytest.mark.postgres
def test_rebuild_fills_rows_written_without_the_column(agent_a, project_a):
    needs_postgres()
    ticket = register(agent_a, "空调外机噪音大")
    Ticket.objects.filter(pk=ticket.pk).update(search_vector=None)
    assert keyword(agent_a, "噪音") == []
    call_command("rebuild-search-index", batch=1)
    assert keyword(agent_a, "噪音") == [ticket.pk]
