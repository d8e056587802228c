"""Ticket search (R-TKT): the filters of the ticket list and full-text search over descriptions.

One selector, :func:`search_tickets`, serves the web list (``tickets:list``) and
``GET /api/v1/tickets``; both parse their parameters with :func:`parse` so that the two doors
accept and refuse the same values.

Full text, and why this way (measured on 1,000,000 tickets, see ``docs/search.md``):

- PostgreSQL's own parsers do not split Chinese into words: ``to_tsvector('simple',
  '卫生间漏水')`` is one token, so a keyword inside a sentence is never found. The words are cut
  in Python instead, with ``jieba`` (its dictionary ships with the package; nothing is downloaded),
  and the cut text goes through ``to_tsvector('simple', …)`` into the ``search_vector`` column,
  which a GIN index covers.
- jieba alone misses keywords that straddle its cuts ("门锁" in "房门锁坏了" is cut 房门/锁/坏/了),
  so every run of Chinese characters also contributes its overlapping two-character pairs
  (bigrams). A keyword of two or more Chinese characters is searched as the phrase of its
  bigrams (``'卫生' <-> '生间'``), which finds it wherever it occurs; a single character or a
  Latin/number token is searched as a prefix (``'锁':*``), which meets jieba's words and the
  bigrams that start with it.
- ``pg_trgm`` was measured as the alternative: a trigram index cannot serve a two-character
  pattern (a ``LIKE '%漏水%'`` has no whole trigram), so PostgreSQL reads the whole index.
- On SQLite (a single office, tens of thousands of tickets) the description is searched with a
  plain ``icontains``.

The column is written by the tickets services when a ticket is registered (``vector_for``) and
by ``gen-data`` for generated rows; ``aftersales rebuild-search-index`` fills it for rows that
existed before (batched).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, fields
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet, Value

from aftersales.core import bounds, scoping
from aftersales.core.errors import field_error
from aftersales.core.web import as_id
from aftersales.estates.models import Customer, House
from aftersales.estates.services import normalise_phone
from aftersales.tickets import selectors
from aftersales.tickets.choices import Category, Kind, Status
from aftersales.tickets.models import SavedView, Ticket

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{CJK}]+")
# A keyword's pieces: runs of Chinese characters, and runs of other letters and digits.
_PIECE = re.compile(f"[{CJK}]+|[^\\W_{CJK}]+")
MAX_KEYWORD = 100
# The text the column is built from: descriptions are at most 4,000 characters at intake.
MAX_INDEXED = 4000


# --- the words of a text -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def warm() -> None:
    """Load jieba's dictionary now: it takes seconds, which an intake should not pay."""
    _jieba()


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=4096)
def index_words(text: str) -> str:
    """The words indexed for ``text``: jieba's search-mode words, then the bigrams of every run
    of Chinese characters, separated by spaces (the 'simple' parser then splits on them)."""
    text = (text or "")[:MAX_INDEXED]
    words = [w for w in _jieba().cut_for_search(text) if w.strip()]
    pairs = [pair for run in _CJK_RUN.findall(text) for pair in bigrams(run)]
    return " ".join(words + pairs)


def vector_for(text: str):
    """The expression that stores ``text``'s words in ``search_vector``; None off PostgreSQL
    (SQLite searches the description itself)."""
    if connection.vendor != "postgresql":
        return None
    return SearchVector(Value(index_words(text)), config="simple")


@lru_cache(maxsize=1024)
def stored_vector(text: str) -> str | None:
    """``text``'s ``search_vector`` in PostgreSQL's text form, for rows written in bulk
    (``COPY``): computed by the database once per distinct text. None off PostgreSQL."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', %s)::text", [index_words(text)])
        return cursor.fetchone()[0]


def tsquery(keyword: str) -> str:
    """``keyword`` as a ``to_tsquery('simple', …)`` text: every piece must occur (AND)."""
    terms = []
    for piece in _PIECE.findall(keyword[:MAX_KEYWORD]):
        if _CJK_RUN.fullmatch(piece) and len(piece) >= 2:
            terms.append("(" + " <-> ".join(f"'{p}'" for p in bigrams(piece)) + ")")
        else:
            terms.append(f"'{piece.lower()}':*")
    return " & ".join(terms)


def refresh(ticket_ids) -> int:
    """Rebuild the column of the given tickets from their descriptions (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return 0
    rows = list(Ticket.objects.filter(pk__in=ticket_ids).values_list("pk", "description"))
    for pk, description in rows:
        Ticket.objects.filter(pk=pk).update(search_vector=vector_for(description))
    return len(rows)


def rebuild_batch(after_id: int, size: int) -> tuple[int, int]:
    """Fill the column of the next ``size`` tickets with an id above ``after_id`` in one
    statement; answers (rows written, last id) — (0, after_id) when there are none left."""
    rows = list(
        Ticket.objects.filter(pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", "description")[:size]
    )
    if not rows:
        return 0, after_id
    ids = [pk for pk, _ in rows]
    texts = [index_words(d) for _, d in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tickets_ticket AS t SET search_vector = to_tsvector('simple', v.words) "
            "FROM unnest(%s::bigint[], %s::text[]) AS v(id, words) WHERE t.id = v.id",
            [ids, texts],
        )
    return len(rows), ids[-1]


# --- the filters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketSearch:
    """The filters of a ticket list; empty values filter nothing."""

    q: str = ""
    number: str = ""
    phone: str = ""
    name: str = ""
    house: int | None = None
    house_label: str = ""
    project: int | None = None
    customer: int | None = None
    status: str = ""
    kind: str = ""
    category: str = ""
    assignee: int | None = None
    occurred_from: dt.date | None = None
    occurred_to: dt.date | None = None
    overdue: bool = False
    routed_to_me: bool = False  # complaints routed to the reader's department, still open

    def is_empty(self) -> bool:
        return self == TicketSearch()


FILTER_NAMES = [f.name for f in fields(TicketSearch)]


def _choice(value: str, field: str, label: str, choices) -> str:
    value = (value or "").strip()
    if value and value not in choices.values:
        raise field_error(field, f"未知的{label}“{value[:20]}”", code="invalid_choice")
    return value


def _day(value, field: str, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise field_error(field, f"{label}应为日期，例如 2026-09-30") from None
    problem = bounds.DATE.check_date(day)
    if problem:
        raise field_error(field, f"{label}：{problem}")
    return day


def _id(value, field: str, label: str) -> int | None:
    if value in (None, ""):
        return None
    found = value if isinstance(value, int) else as_id(value)
    if found is None or found < 1:
        raise field_error(field, f"{label}应为编号（正整数）")
    return found


def _text(value, field: str, label: str, limit: int = MAX_KEYWORD) -> str:
    text = " ".join(str(value or "").split())
    problem = bounds.text_problem(text)
    if problem:
        raise field_error(field, f"{label}：{problem}")
    if len(text) > limit:
        raise field_error(field, f"{label}不能超过 {limit} 个字")
    return text


def _phone(value) -> str:
    text = _text(value, "phone", "电话", 30)
    return normalise_phone(text, "phone") if text else ""


def _flag(value, field: str, label: str) -> bool:
    text = str(value if value is not None else "").strip().lower()
    if text not in ("", "true", "false", "1", "0", "on"):
        raise field_error(field, f"{label}应为 true 或 false")
    return text in ("true", "1", "on")


def parse(params) -> TicketSearch:
    """The filters from a query string (a ``QueryDict`` or a plain dict); a bad value raises a
    field error (422 in the API, a message beside the field on the web)."""
    get = params.get
    overdue = _flag(get("overdue"), "overdue", "是否超时")
    routed = _flag(get("routed_to_me"), "routed_to_me", "转本部门")
    found = TicketSearch(
        q=_text(get("q"), "q", "关键词"),
        number=_text(get("number"), "number", "工单编号", 32).upper(),
        phone=_phone(get("phone")),
        name=_text(get("name"), "name", "客户姓名", 60),
        house=_id(get("house"), "house", "房屋"),
        house_label=_text(get("house_label"), "house_label", "房屋编号", 64),
        project=_id(get("project"), "project", "项目"),
        customer=_id(get("customer"), "customer", "客户"),
        status=_choice(get("status"), "status", "状态", Status),
        kind=_choice(get("kind"), "kind", "类型", Kind),
        category=_choice(get("category"), "category", "类别", Category),
        assignee=_id(get("assignee"), "assignee", "处理人"),
        occurred_from=_day(get("occurred_from"), "occurred_from", "受理日期起"),
        occurred_to=_day(get("occurred_to"), "occurred_to", "受理日期止"),
        overdue=overdue,
        routed_to_me=routed,
    )
    if found.occurred_from and found.occurred_to and found.occurred_from > found.occurred_to:
        raise field_error("occurred_to", "受理日期止不能早于受理日期起")
    return found


# --- the selector --------------------------------------------------------------------------


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=bounds._tz())


def _phone_filter(user, phone: str) -> Q:
    """Tickets whose contact phone is ``phone``, or whose customer's is: both through indexes
    (the ticket's phone is compared to the normalised number; customers are looked up first
    by their indexed ``phone``/``phone2``)."""
    customers = list(
        scoping.visible_to(Customer.objects.filter(Q(phone=phone) | Q(phone2=phone)), user)
        .values_list("pk", flat=True)
        .distinct()[:50]
    )
    return Q(phone=phone) | Q(customer_id__in=customers)


def _keyword_filter(user, keyword: str) -> Q:
    """The keyword: a ticket number, a house label, or words of the description."""
    number = keyword.upper()
    cond = Q(number=number)
    houses = list(
        scoping.visible_to(House.objects.filter(label=keyword), user).values_list("pk", flat=True)[
            :50
        ]
    )
    if houses:
        cond |= Q(house_id__in=houses)
    return cond | words_match(keyword)


def words_match(keyword: str) -> Q:
    """Descriptions holding every word of ``keyword``: the GIN-indexed column on PostgreSQL,
    ``icontains`` for each word elsewhere."""
    if connection.vendor == "postgresql":
        query = tsquery(keyword)
        if not query:
            return Q(pk__in=[])
        return Q(search_vector=SearchQuery(query, search_type="raw", config="simple"))
    words = Q()
    for word in keyword.split():
        words &= Q(description__icontains=word)
    return words


def search_tickets(user, f: TicketSearch) -> QuerySet[Ticket]:
    """The tickets the user may see that match every filter given, newest first (with their
    clocks and work orders, which the list and the API show)."""
    qs = selectors.tickets_for(user).prefetch_related("work_orders")
    if f.number:
        qs = qs.filter(number=f.number)
    if f.phone:
        qs = qs.filter(_phone_filter(user, f.phone))
    if f.name:
        qs = qs.filter(customer__name__icontains=f.name)
    for name in ("house", "project", "customer", "assignee"):
        value = getattr(f, name)
        if value:
            qs = qs.filter(**{f"{name}_id": value})
    if f.house_label:
        qs = qs.filter(house__label__icontains=f.house_label)
    for name in ("status", "kind", "category"):
        value = getattr(f, name)
        if value:
            qs = qs.filter(**{name: value})
    if f.occurred_from:
        qs = qs.filter(occurred_at__gte=_start_of(f.occurred_from))
    if f.occurred_to:
        qs = qs.filter(occurred_at__lt=_start_of(f.occurred_to + dt.timedelta(days=1)))
    if f.overdue:
        qs = selectors.overdue(qs)
    if f.routed_to_me:
        qs = qs.filter(pk__in=selectors.routed_to_department(user).values("pk"))
    if f.q:
        qs = qs.filter(_keyword_filter(user, f.q))
    return qs.order_by("-id")


# A keyword found in most descriptions matches hundreds of thousands of tickets; counting them
# all costs more than the search itself (about half a second at a million tickets), so a keyword
# search counts up to this many and says "more than" beyond it.
COUNT_LIMIT = 10_000


class Counted:
    """A search's tickets as the list pages them: the count, and the rows of a slice.

    Without a keyword: the exact count and the query's own slices. With one, the planner cannot
    know how many descriptions hold the word (PostgreSQL guesses 0.5 % for any word it has no
    statistics of), and "newest first, 25 of them" then walks the whole table backwards by id
    when the word is rare or absent. So the matching ids are read first through the word index,
    at most :data:`COUNT_LIMIT` of them: when there are fewer, they are all the matches, and a
    page is the newest of them, read by id; when the limit is reached the word is common (at
    least 1 % of a million tickets), and walking by id finds a page of them at once.
    """

    def __init__(self, qs: QuerySet[Ticket], f: TicketSearch):
        self.qs = qs
        self.limit = COUNT_LIMIT if f.q else None
        self._count: int | None = None
        self._ids: list[int] | None = None

    def all(self) -> Counted:  # django-ninja's paginator counts ``items.all().count()``
        return self

    def _matching_ids(self) -> list[int]:
        if self._ids is None:
            ids = self.qs.order_by().values_list("pk", flat=True)[: self.limit]
            self._ids = sorted(ids, reverse=True)
        return self._ids

    def count(self) -> int:
        if self._count is None:
            if self.limit is None:
                self._count = self.qs.count()
            else:
                self._count = len(self._matching_ids())
        return self._count

    @property
    def capped(self) -> bool:
        return self.limit is not None and self.count() >= self.limit

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if self.limit is None or self.capped or not isinstance(key, slice):
            return self.qs[key]
        ids = self._matching_ids()[key]
        rows = {t.pk: t for t in self.qs.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]

    def __iter__(self):
        return iter(self.qs)


def counted(user, f: TicketSearch) -> Counted:
    """:func:`search_tickets` with the list's count (what the web list and the API page)."""
    return Counted(search_tickets(user, f), f)


def saved_views(user) -> list[SavedView]:
    """The user's own saved searches (no one else's, administrators included)."""
    return list(scoping.visible_to(SavedView.objects.all(), user))


def house_history(user, house: House) -> QuerySet[Ticket]:
    """A house's tickets the user may see, newest first (the house page)."""
    return selectors.tickets_for(user).filter(house=house).order_by("-id")


def house_section(request, house: House) -> dict:
    """The tickets section of the house page, ten a page (registered in
    :mod:`aftersales.estates.sections`)."""
    from aftersales.core.web import paginate

    return {"tickets": paginate(request, house_history(request.user, house), per_page=10)}


__all__ = [
    "COUNT_LIMIT",
    "Counted",
    "counted",
    "FILTER_NAMES",
    "TicketSearch",
    "house_history",
    "index_words",
    "parse",
    "rebuild_batch",
    "saved_views",
    "refresh",
    "search_tickets",
    "stored_vector",
    "tsquery",
    "vector_for",
    "words_match",
]
