from django.http import QueryDict

from motcua.catalogue.selectors import SearchQuery

MAX_PAGE = 10_000


def _param(params: QueryDict, name: str, max_length: int) -> str:
    return params.get(name, "").replace("\x00", "").strip()[:max_length]


def search_query_from(params: QueryDict) -> SearchQuery:
    """Parse the public search parameters. Never rejects a visitor's query, only normalises it."""
    raw_page = _param(params, "page", 12)
    page = int(raw_page) if raw_page.isdigit() else 1
    return SearchQuery(
        text=_param(params, "q", 10_000),
        agency_code=_param(params, "co_quan", 60),
        field_code=_param(params, "linh_vuc", 60),
        online_level=_param(params, "muc_do", 20),
        page=min(max(page, 1), MAX_PAGE),
    )
