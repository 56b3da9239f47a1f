"""Search semantics. The same tests run on SQLite (FTS5) and PostgreSQL (full text): see .ci/run."""

import pytest

from motcua.catalogue.models import Procedure
from motcua.catalogue.selectors import SearchQuery, procedure_search, procedure_suggest
from motcua.catalogue.services import procedures_import

from .factories import national_record

pytestmark = pytest.mark.django_db

SEED = "Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi đối với chăn nuôi trang trại quy mô lớn"


@pytest.fixture
def catalogue():
    records = [
        national_record("1.008128", SEED, TUKHOA="trang trại"),
        national_record("1.008127", "Cấp Giấy chứng nhận đủ điều kiện chăn nuôi đối với trang trại quy mô lớn"),
        national_record(
            "1.000100",
            "Đăng ký đất đai lần đầu",
            TUKHOA="chăn nuôi",
            LINHVUCTHUCHIEN=[{"MALINHVUC": "DD", "TENLINHVUC": "Đất đai"}],
        ),
        national_record(
            "2.000200",
            "Cấp phép biểu diễn nghệ thuật",
            MucDo="KHONG",
            COQUANTHUCHIEN=[{"MADONVI": "000.00.18.H34", "TENDONVI": "Sở Văn hóa"}],
            LINHVUCTHUCHIEN=[{"MALINHVUC": "VH", "TENLINHVUC": "Văn hóa"}],
        ),
        national_record(
            "1.000300",
            "Xác nhận cơ sở đủ điều kiện",
            MOTA="Không liên quan",
            LINHVUCTHUCHIEN=[{"MALINHVUC": "TY", "TENLINHVUC": "Thú y"}],
        ),
    ]
    report = procedures_import(records=records)
    assert report.ok, report.errors


def names(**kwargs):
    return [p.name for p in procedure_search(query=SearchQuery(**kwargs)).results]


def test_diacritics_and_case_are_ignored_both_ways(catalogue):
    folded = names(text="cap lai giay chung nhan chan nuoi")
    accented = names(text="Cấp lại giấy chứng nhận chăn nuôi")
    assert folded == accented
    assert folded[0] == SEED


def test_d_with_stroke_matches_plain_d_both_ways(catalogue):
    assert names(text="dang ky dat dai") == names(text="Đăng ký đất đai") == ["Đăng ký đất đai lần đầu"]
    assert names(text="ĐĂNG KÝ") == ["Đăng ký đất đai lần đầu"]


def test_name_matches_rank_above_text_only_matches(catalogue):
    results = names(text="chăn nuôi")
    assert results[-1] == "Đăng ký đất đai lần đầu"  # only its keywords say "chăn nuôi"
    assert set(results[:2]) == {SEED, "Cấp Giấy chứng nhận đủ điều kiện chăn nuôi đối với trang trại quy mô lớn"}


def test_exact_code_ranks_first(catalogue):
    assert names(text="1.000300")[0] == "Xác nhận cơ sở đủ điều kiện"


def test_last_word_is_a_prefix_for_search_as_you_type(catalogue):
    assert [p.name for p in procedure_suggest(text="bieu di")] == ["Cấp phép biểu diễn nghệ thuật"]
    assert procedure_suggest(text="a") == []


def test_filters_by_agency_field_and_level(catalogue):
    assert names(agency_code="000.00.18.H34") == ["Cấp phép biểu diễn nghệ thuật"]
    assert names(field_code="DD") == ["Đăng ký đất đai lần đầu"]
    assert names(online_level="none") == ["Cấp phép biểu diễn nghệ thuật"]
    assert len(names(online_level="4")) == 4  # legacy level 4 = toàn trình


def test_agency_filter_includes_sub_agencies(catalogue):
    from motcua.catalogue.models import Agency

    parent = Agency.objects.create(code="000.00.00.H34", name="UBND tỉnh", level=Agency.Level.PROVINCE)
    Agency.objects.exclude(pk=parent.pk).update(parent=parent)
    assert len(names(agency_code=parent.code)) == 5


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "NEAR",
        "'",
        "OR",
        "cap OR lai",
        'cap" OR "x',
        "AND NOT",
        "chăn*",
        "(",
        ")",
        "NEAR(a b)",
        "^",
        ":*",
        "a & b | !c",
        "\\",
        "%",
        "_",
        "x" * 10_000,
        "🐄🐖 chăn nuôi 🐓",
        "\u0000",
        "SELECT * FROM",
        "-",
        "--",
    ],
)
def test_hostile_queries_never_fail(catalogue, text):
    result = procedure_search(query=SearchQuery(text=text))
    assert result.total >= 0
    procedure_suggest(text=text)


def test_operators_are_plain_words(catalogue):
    assert names(text='"chăn nuôi" OR "đất đai"') == []  # "or" is just a word no procedure has


def test_too_long_query_is_cut_with_a_notice(catalogue):
    result = procedure_search(query=SearchQuery(text="chăn nuôi " * 2000))
    assert any("quá dài" in notice for notice in result.notices)
    assert result.total == 3


def test_emoji_only_query_lists_everything_with_a_notice(catalogue):
    result = procedure_search(query=SearchQuery(text="🐄"))
    assert result.total == Procedure.objects.count()
    assert any("không có chữ hoặc số" in notice for notice in result.notices)


def test_unknown_filters_are_ignored_with_a_notice(catalogue):
    result = procedure_search(query=SearchQuery(agency_code="nope", field_code="nope", online_level="9"))
    assert result.total == 5
    assert len(result.notices) == 3


def test_page_past_the_end_shows_the_last_page_with_a_notice(catalogue):
    result = procedure_search(query=SearchQuery(page=99, page_size=2))
    assert (result.page, result.num_pages, len(result.results)) == (3, 3, 1)
    assert "Trang 99 không tồn tại" in result.notices[0]


def test_inactive_and_expired_procedures_are_not_published(catalogue):
    import datetime as dt

    Procedure.objects.filter(code="1.000300").update(is_active=False)
    Procedure.objects.filter(code="2.000200").update(effective_to=dt.date(2020, 1, 1))
    assert "Xác nhận cơ sở đủ điều kiện" not in names()
    assert "Cấp phép biểu diễn nghệ thuật" not in names()


def test_cached_results_follow_catalogue_changes(catalogue, django_capture_on_commit_callbacks):
    assert names(text="biểu diễn") == ["Cấp phép biểu diễn nghệ thuật"]
    with django_capture_on_commit_callbacks(execute=True):
        procedures_import(records=[national_record("2.000200", "Cấp phép tổ chức lễ hội", MucDo="KHONG")])
    assert names(text="biểu diễn") == []
    assert names(text="lễ hội") == ["Cấp phép tổ chức lễ hội"]


def test_repeated_search_is_served_from_the_cache(catalogue, django_assert_max_num_queries):
    names(text="chăn nuôi")
    with django_assert_max_num_queries(2):  # the page's rows and their fields; no ranking query
        assert len(names(text="chăn nuôi")) == 3
