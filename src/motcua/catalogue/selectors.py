"""Reads of the public catalogue. Everything here is public information: the actor is the anonymous visitor.

``procedure_search`` ranks, on every database alike:
  0. the procedure whose code is exactly the query;
  1. names that contain the whole query as a phrase;
  2. names that contain every query word;
  3. procedures whose other text (code, keywords, agency, field, subjects, results) has the words;
then by where the first word appears in the name, shorter names first, then alphabetically.
"""

import datetime as dt
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from motcua.core.errors import NotFound
from motcua.core.text import fold, tokens

from .cache import cached
from .models import Agency, Channel, ComponentRequirement, Field, OnlineLevel, Procedure, ProcedureCase
from .search_index import index_for

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
LEGACY_LEVELS = {"4": OnlineLevel.FULL, "3": OnlineLevel.PARTIAL, "2": OnlineLevel.NONE}


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    agency_code: str = ""
    field_code: str = ""
    online_level: str = ""
    page: int = 1
    page_size: int = 0


@dataclass
class SearchPage:
    query: SearchQuery
    results: list[Procedure]
    total: int
    page: int
    num_pages: int
    notices: list[str] = field(default_factory=list)
    agency: Agency | None = None
    field: Field | None = None
    online_level: str = ""

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * (self.query.page_size or settings.MOTCUA_SEARCH_PAGE_SIZE) + 1


def _today() -> dt.date:
    return timezone.localdate()


def procedures_published() -> QuerySet[Procedure]:
    today = _today()
    return Procedure.objects.filter(
        Q(is_active=True),
        Q(effective_from__isnull=True) | Q(effective_from__lte=today),
        Q(effective_to__isnull=True) | Q(effective_to__gte=today),
    )


def agency_with_descendants(agency: Agency) -> list[int]:
    """Ids of ``agency`` and every agency under it (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], [agency.pk]
    while stack:
        pk = stack.pop()
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found


def _in_name(fragment: str) -> GreaterThan:
    """``fragment`` occurs in the folded name: a plain substring test (instr / strpos), cheaper than LIKE."""
    return GreaterThan(StrIndex("search_name", Value(fragment)), 0)


def _ranked(qs: QuerySet[Procedure], text: str, words: list[str]) -> QuerySet[Procedure]:
    code = text.strip()
    tiers = [When(Q(code=code) | Q(local_code=code), then=Value(0))]
    if len(words) > 1:
        tiers.append(When(_in_name(f" {' '.join(words)}"), then=Value(1)))
        every_word = [_in_name(f" {word} ") for word in words[:-1]] + [_in_name(f" {words[-1]}")]
        tiers.append(When(Q(*every_word), then=Value(2)))
    else:  # one word: "the phrase" and "every word" are the same test
        tiers.append(When(_in_name(f" {words[0]}"), then=Value(1)))
    return qs.annotate(
        tier=Case(*tiers, default=Value(3), output_field=IntegerField()),
        first_at=StrIndex("search_name", Value(f" {words[0]}")),
        name_length=Length("search_name"),
    ).order_by("tier", "first_at", "name_length", "name", "pk")


def _page_ids(qs: QuerySet[Procedure], page: int, page_size: int) -> tuple[list[int], int]:
    """Ids of one page, in rank order, and the total, in one pass that sorts ids only (not whole rows)."""
    start = (page - 1) * page_size
    rows = list(
        qs.annotate(total_count=Window(Count("pk"))).values_list("pk", "total_count")[start : start + page_size]
    )
    if rows:
        return [pk for pk, _ in rows], rows[0][1]
    return [], qs.count()


RESULT_COLUMNS = ("code", "name", "online_level", "agency__code", "agency__name")


def _procedures_in_order(ids: list[int]) -> list[Procedure]:
    """The rows of one result page with only what a result shows (no long texts), in rank order."""
    rows = (
        Procedure.objects.filter(pk__in=ids)
        .select_related("agency")
        .only(*RESULT_COLUMNS)
        .prefetch_related(Prefetch("fields", queryset=Field.objects.only("code", "name")))
    )
    found = {procedure.pk: procedure for procedure in rows}
    return [found[pk] for pk in ids if pk in found]


def procedure_search(*, query: SearchQuery) -> SearchPage:
    notices: list[str] = []
    page_size = query.page_size or settings.MOTCUA_SEARCH_PAGE_SIZE
    text = query.text
    if len(text) > MAX_QUERY_CHARS:
        notices.append(f"Từ khóa quá dài; hệ thống chỉ tìm theo {MAX_QUERY_CHARS} ký tự đầu tiên.")
        text = text[:MAX_QUERY_CHARS]
    words = tokens(text, limit=MAX_WORDS)
    if text.strip() and not words:
        notices.append("Từ khóa không có chữ hoặc số nào để tìm; đang hiển thị tất cả thủ tục.")

    qs = procedures_published()
    agency = field_obj = None
    if query.agency_code:
        agency = Agency.objects.filter(code=query.agency_code).first()
        if agency is None:
            notices.append("Không tìm thấy cơ quan đã chọn; kết quả không lọc theo cơ quan.")
        else:
            qs = qs.filter(agency_id__in=agency_with_descendants(agency))
    if query.field_code:
        field_obj = Field.objects.filter(code=query.field_code).first()
        if field_obj is None:
            notices.append("Không tìm thấy lĩnh vực đã chọn; kết quả không lọc theo lĩnh vực.")
        else:
            qs = qs.filter(fields=field_obj)
    level = LEGACY_LEVELS.get(query.online_level, query.online_level)
    if level:
        if level in OnlineLevel.values:
            qs = qs.filter(online_level=level)
        else:
            notices.append("Mức độ dịch vụ công không hợp lệ; kết quả không lọc theo mức độ.")
            level = ""

    if words:
        sql, params = index_for(connection).match_sql(words, last_is_prefix=True)
        matching = RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - constant SQL, bound words
        qs = _ranked(qs.filter(matching), text, words)
    else:
        qs = qs.order_by("name", "pk")

    page = max(query.page, 1)
    key = (words, text.strip().lower(), agency.pk if agency else None, field_obj.pk if field_obj else None, level)
    ids, total = cached("search", (*key, page, page_size), lambda: _page_ids(qs, page, page_size))
    num_pages = max(1, math.ceil(total / page_size))
    if page > num_pages:
        notices.append(f"Trang {page} không tồn tại; đang hiển thị trang {num_pages}, trang cuối cùng.")
        page = num_pages
        ids, total = cached("search", (*key, page, page_size), lambda: _page_ids(qs, page, page_size))
    results = _procedures_in_order(ids)
    return SearchPage(
        query=query,
        results=results,
        total=total,
        page=page,
        num_pages=num_pages,
        notices=notices,
        agency=agency,
        field=field_obj,
        online_level=level,
    )


def procedure_suggest(*, text: str, limit: int = 8) -> list[Procedure]:
    words = tokens(text[:MAX_QUERY_CHARS], limit=MAX_WORDS)
    if not words or len(fold(text)) < 2:
        return []
    sql, params = index_for(connection).match_sql(words, last_is_prefix=True)
    matching = RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 - as in procedure_search
    qs = _ranked(procedures_published().filter(matching), text, words)
    return list(qs.only("code", "name", "search_name")[:limit])


def procedure_get_published(*, code: str) -> Procedure:
    """One published procedure with everything its public page shows, in a fixed number of queries."""
    return _procedure_get(procedures_published(), code)


def procedure_get_for_submission(*, code: str) -> Procedure:
    """A procedure as the submission wizard needs it — even one no longer (or not yet) in force, so that the
    wizard can say so plainly and point to the reception desk instead of answering "not found"."""
    return _procedure_get(Procedure.objects.all(), code)


def _procedure_get(procedures: QuerySet[Procedure], code: str) -> Procedure:
    cases = ProcedureCase.objects.prefetch_related(
        Prefetch("channels", queryset=Channel.objects.prefetch_related("fee_items")),
        Prefetch("components", queryset=ComponentRequirement.objects.all()),
        "steps",
    )
    procedure = (
        procedures.filter(Q(code=code) | Q(local_code=code))
        .select_related("agency", "agency__parent")
        .prefetch_related("fields", "legal_bases", Prefetch("cases", queryset=cases))
        .first()
    )
    if procedure is None:
        raise NotFound(f"Không tìm thấy thủ tục hành chính có mã “{code[:60]}”.")
    return procedure


def agencies_for_filter() -> list[Agency]:
    def compute() -> list[Agency]:
        has_procedures = Exists(Procedure.objects.filter(agency=OuterRef("pk")))
        return list(Agency.objects.filter(has_procedures, is_active=True).order_by("position", "name"))

    return cached("agencies", (), compute)


def fields_for_filter() -> list[Field]:
    def compute() -> list[Field]:
        through = Procedure.fields.through
        return list(Field.objects.filter(Exists(through.objects.filter(field=OuterRef("pk")))).order_by("name"))

    return cached("fields", (), compute)


def catalogue_counts() -> dict[str, int]:
    def compute() -> dict[str, int]:
        published = procedures_published()
        return {
            "procedures": published.count(),
            "online_full": published.filter(online_level=OnlineLevel.FULL).count(),
            "online_partial": published.filter(online_level=OnlineLevel.PARTIAL).count(),
            "agencies": len(agencies_for_filter()),
        }

    return cached("counts", (), compute)


def contacts_for_agency(*, agency: Agency) -> list:
    return list(agency.contacts.order_by("position", "id"))
