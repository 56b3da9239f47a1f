import pytest

from motcua.catalogue.demo import catalogue_load_demo
from motcua.catalogue.models import Agency, ComponentRequirement, Field, Procedure, SupportContact

pytestmark = pytest.mark.django_db

SEED_PROCEDURES = [
    ("Cung cấp thông tin về dự án đầu tư", "Ban Quản lý Khu kinh tế tỉnh"),
    (
        "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá của tổ chức, cá nhân sản xuất, kinh doanh",
        "Sở Khoa học và Công nghệ",
    ),
    (
        "Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi đối với chăn nuôi trang trại quy mô lớn",
        "Sở Nông nghiệp và Phát triển nông thôn",
    ),
]


def test_demo_catalogue_has_the_seed_guides_procedures_and_breadth(demo_catalogue):
    for name, agency in SEED_PROCEDURES:
        assert Procedure.objects.get(name=name).agency.name == agency
    assert Procedure.objects.count() >= 60
    assert Field.objects.filter(procedures__isnull=False).distinct().count() >= 8
    for name in ("Trung tâm Phục vụ hành chính công tỉnh", "Sở Nông nghiệp và Phát triển nông thôn"):
        assert Agency.objects.filter(name=name).exists()
    assert SupportContact.objects.filter(phone="0260.3797799", in_footer=True).exists()


def test_demo_templates_are_real_pdfs(demo_catalogue):
    from motcua.catalogue.demo import components_attach_demo_templates

    ComponentRequirement.objects.exclude(pk__in=ComponentRequirement.objects.exclude(template_name="")[:2]).update(
        template_name=""
    )
    assert components_attach_demo_templates(limit=1) == 1  # in batches, as the worker does
    assert components_attach_demo_templates() == 1
    assert components_attach_demo_templates() == 0  # only once
    component = ComponentRequirement.objects.exclude(template="").first()
    assert component is not None
    with component.template.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_loading_the_demo_twice_changes_nothing_and_keeps_edits(demo_catalogue):
    procedure = Procedure.objects.order_by("pk").first()
    procedure.keywords = "sửa bởi quản trị viên"
    procedure.save()
    agency = Agency.objects.get(code="000.00.16.H34")
    agency.phone = "0999"
    agency.save()
    counts = (Procedure.objects.count(), ComponentRequirement.objects.count(), SupportContact.objects.count())
    report = catalogue_load_demo(with_templates=False)
    assert (report.created, report.updated) == (0, 0)
    assert counts == (Procedure.objects.count(), ComponentRequirement.objects.count(), SupportContact.objects.count())
    procedure.refresh_from_db()
    agency.refresh_from_db()
    assert procedure.keywords == "sửa bởi quản trị viên"
    assert agency.phone == "0999"


def test_the_worker_renders_forms_in_batches_until_none_is_left(demo_catalogue, settings, monkeypatch):
    from motcua.catalogue import tasks

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    keep = list(ComponentRequirement.objects.exclude(template_name="").values_list("pk", flat=True)[:5])
    ComponentRequirement.objects.exclude(pk__in=keep).update(template_name="")
    monkeypatch.setattr(tasks, "BATCH", 2)
    tasks.demo_templates_attach.enqueue()
    assert ComponentRequirement.objects.filter(pk__in=keep, template="").count() == 0
