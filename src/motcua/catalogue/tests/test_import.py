import json

import pytest
from django.core.management import CommandError, call_command

from motcua.catalogue.models import Channel, FeeItem, OnlineLevel, Procedure
from motcua.catalogue.services import procedures_import

from .factories import national_record

pytestmark = pytest.mark.django_db


def test_import_creates_procedure_with_cases_channels_fees_and_components():
    report = procedures_import(records=[national_record("1.000001", "Cấp giấy phép thử nghiệm")])
    assert (report.created, report.updated, report.unchanged, report.errors) == (1, 0, 0, [])
    procedure = Procedure.objects.get(code="1.000001")
    assert procedure.online_level == OnlineLevel.FULL
    assert procedure.agency.code == "000.00.16.H34"
    assert [f.code for f in procedure.fields.all()] == ["CN"]
    case = procedure.cases.get()
    channel = case.channels.get()
    assert channel.kind == Channel.Kind.ONLINE
    assert channel.duration_label == "5 ngày làm việc"
    assert [(fee.kind, fee.amount) for fee in channel.fee_items.all()] == [(FeeItem.Kind.FEE, 50000)]
    assert case.components.get().name == "Đơn đề nghị"
    assert procedure.search_name == " cap giay phep thu nghiem "


def test_import_is_idempotent_and_updates_by_code():
    record = national_record("1.000002", "Tên cũ")
    procedures_import(records=[record])
    again = procedures_import(records=[record])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = procedures_import(records=[national_record("1.000002", "Tên mới")])
    assert changed.updated == 1
    assert Procedure.objects.get(code="1.000002").name == "Tên mới"
    assert Procedure.objects.count() == 1


def test_import_maps_legacy_levels_3_and_4():
    procedures_import(records=[national_record("1.3", "Ba", MucDo="3"), national_record("1.4", "Bốn", MucDo=4)])
    assert Procedure.objects.get(code="1.3").online_level == OnlineLevel.PARTIAL
    assert Procedure.objects.get(code="1.4").online_level == OnlineLevel.FULL


def test_import_applies_channels_to_their_named_case():
    record = national_record(
        "1.000003",
        "Có hai trường hợp",
        THANHPHANHOSO=[
            {"TRUONGHOP": "Mất", "GIAYTO": [{"TENGIAYTO": "Đơn báo mất"}]},
            {"TRUONGHOP": "Hỏng", "GIAYTO": [{"TENGIAYTO": "Bản cũ bị hỏng"}]},
        ],
        CACHTHUCTHUCHIEN=[
            {
                "KENH": 1,
                "THOIGIAN": [
                    {"TRUONGHOP": "Mất", "THOIGIANGIAIQUYET": 10, "DONVITINH": "Ngày làm việc"},
                    {"TRUONGHOP": "Hỏng", "THOIGIANGIAIQUYET": 0.5, "DONVITINH": "Ngày"},
                ],
            }
        ],
    )
    procedures_import(records=[record])
    cases = {case.name: case for case in Procedure.objects.get(code="1.000003").cases.all()}
    assert cases["Mất"].channels.get().duration_label == "10 ngày làm việc"
    assert cases["Hỏng"].channels.get().duration_label == "0,5 ngày"
    assert cases["Hỏng"].components.get().name == "Bản cũ bị hỏng"


def test_import_reads_the_e_id_level_a_procedure_requires_defaulting_to_level_1():
    procedures_import(records=[national_record("1.5", "Một"), national_record("1.6", "Hai", MucDoDinhDanh=2)])
    assert Procedure.objects.get(code="1.5").required_identity_level == 1
    assert Procedure.objects.get(code="1.6").required_identity_level == 2


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"MaTTHC": ""}, "MaTTHC: bắt buộc"),
        ({"MaTTHC": "1 000; DROP"}, "không phải mã thủ tục hợp lệ"),
        ({"TENTTHC": None}, "TENTTHC: bắt buộc"),
        ({"COQUANTHUCHIEN": []}, "phải có ít nhất một cơ quan"),
        ({"MucDo": "5"}, "MucDo"),
        ({"MucDoDinhDanh": 3}, "MucDoDinhDanh: “3” phải là 1 hoặc 2"),
        ({"CACHTHUCTHUCHIEN": [{"KENH": 9}]}, "KENH"),
        ({"CACHTHUCTHUCHIEN": "trực tuyến"}, "phải là danh sách"),
        (
            {"CACHTHUCTHUCHIEN": [{"KENH": 2, "THOIGIAN": [{"PHILEPHI": [{"SOTIEN": "-5"}]}]}]},
            "CACHTHUCTHUCHIEN[0].THOIGIAN[0].PHILEPHI[0].SOTIEN",
        ),
        ({"CACHTHUCTHUCHIEN": [{"KENH": 2, "THOIGIAN": [{"THOIGIANGIAIQUYET": "năm"}]}]}, "không phải là số"),
        ({"CACHTHUCTHUCHIEN": [{"KENH": 2, "THOIGIAN": [{"DONVITINH": "tuần"}]}]}, "DONVITINH"),
        ({"CANCUPHAPLY": [{"SOVANBAN": "1/QH", "NGAYBANHANH": "31/31/2020"}]}, "NGAYBANHANH"),
        ({"THANHPHANHOSO": [{"GIAYTO": [{"TENGIAYTO": "x", "BATBUOC": "có"}]}]}, "BATBUOC"),
    ],
)
def test_bad_record_is_reported_with_position_and_reason_and_skipped(overrides, reason):
    good = national_record("1.000010", "Hợp lệ")
    bad = national_record("1.000011", "Không hợp lệ", **overrides)
    report = procedures_import(records=[good, bad, "không phải đối tượng"])
    assert report.created == 1
    assert [e[0] for e in report.errors] == [2, 3]
    assert reason in report.errors[0][2]
    assert "đối tượng JSON" in report.errors[1][2]
    assert list(Procedure.objects.values_list("code", flat=True)) == ["1.000010"]


def test_import_command_reports_malformed_json_and_imports_nothing(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"MaTTHC": "1.1", "TENTTHC": "x"', encoding="utf-8")
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("import_procedures", path)
    assert Procedure.objects.count() == 0


def test_import_command_refuses_a_file_that_is_not_a_list(tmp_path):
    path = tmp_path / "object.json"
    path.write_text('{"MaTTHC": "1.1"}', encoding="utf-8")
    with pytest.raises(CommandError, match="danh sách thủ tục"):
        call_command("import_procedures", path)


def test_import_command_imports_valid_records_and_fails_listing_bad_ones(tmp_path, capsys):
    path = tmp_path / "mixed.json"
    records = [national_record("1.000020", "Tốt"), national_record("1.000021", "")]
    path.write_text(json.dumps({"data": records}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="1 bản ghi không hợp lệ"):
        call_command("import_procedures", path, verbosity=0)
    assert "Bản ghi thứ 2 (1.000021): TENTTHC: bắt buộc" in capsys.readouterr().err
    assert Procedure.objects.filter(code="1.000020").exists()


def test_import_command_on_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_procedures", tmp_path / "none.json")
