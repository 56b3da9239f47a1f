"""The procedure catalogue: agencies, fields, procedures with their cases, channels, fees and components.

Shape follows the national procedure database (``domain.md`` §1–3). Money is integer đồng.
"""

import re

from django.core.validators import MinValueValidator
from django.db import models

from motcua.core.models import TimeStampedModel


class Agency(TimeStampedModel):
    class Level(models.TextChoices):
        PROVINCE = "province", "Cấp tỉnh"
        DEPARTMENT = "department", "Sở, ban, ngành"
        DISTRICT = "district", "Cấp huyện"
        COMMUNE = "commune", "Cấp xã"

    code = models.CharField("mã định danh", max_length=40, unique=True)
    name = models.CharField("tên cơ quan", max_length=255)
    short_name = models.CharField("tên ngắn", max_length=100, blank=True)
    level = models.CharField("cấp", max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="cơ quan cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=60, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    counter = models.CharField("quầy tiếp nhận", max_length=120, blank=True)
    # The Bộ phận Một cửa that receives this agency's dossiers (e.g. the provincial public-service centre for a
    # Sở); empty when the agency receives its own. Its reception officers see and receive these dossiers.
    served_by = models.ForeignKey(
        "self",
        verbose_name="Bộ phận Một cửa tiếp nhận hồ sơ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="served_agencies",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Field(TimeStampedModel):
    code = models.CharField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=255)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OnlineLevel(models.TextChoices):
    NONE = "none", "Không trực tuyến"
    PARTIAL = "partial", "Dịch vụ công trực tuyến một phần"
    FULL = "full", "Dịch vụ công trực tuyến toàn trình"


class Procedure(TimeStampedModel):
    class ImplementingLevel(models.TextChoices):
        MINISTRY = "ministry", "Cấp Bộ"
        PROVINCE = "province", "Cấp Tỉnh"
        DISTRICT = "district", "Cấp Huyện"
        COMMUNE = "commune", "Cấp Xã"

    code = models.CharField("mã thủ tục", max_length=40, unique=True)
    local_code = models.CharField("mã thủ tục địa phương", max_length=60, blank=True)
    name = models.CharField("tên thủ tục", max_length=500)
    kind = models.CharField("loại thủ tục", max_length=200, blank=True)
    implementing_levels = models.CharField("cấp thực hiện", max_length=100, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name="cơ quan thực hiện", on_delete=models.PROTECT, related_name="procedures"
    )
    competent_authority = models.CharField("cơ quan có thẩm quyền", max_length=500, blank=True)
    reception_address = models.TextField("địa chỉ tiếp nhận hồ sơ", blank=True)
    fields = models.ManyToManyField(Field, verbose_name="lĩnh vực", related_name="procedures")
    online_level = models.CharField(
        "mức độ dịch vụ công trực tuyến",
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
        db_index=True,
    )
    # The e-ID level a citizen must have proven (the provider's returned acr) to submit online.
    required_identity_level = models.PositiveSmallIntegerField(
        "mức độ định danh tối thiểu khi nộp trực tuyến",
        choices=[(1, "Mức độ 1"), (2, "Mức độ 2")],
        default=1,
    )
    description = models.TextField("mô tả", blank=True)
    target_subjects = models.TextField("đối tượng thực hiện", blank=True)
    results = models.TextField("kết quả thực hiện", blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    keywords = models.CharField("từ khóa", max_length=500, blank=True)
    decision_number = models.CharField("quyết định công bố", max_length=300, blank=True)
    decision_date = models.DateField("ngày quyết định công bố", null=True, blank=True)
    is_active = models.BooleanField("đang áp dụng", default=True, db_index=True)
    effective_from = models.DateField("hiệu lực từ", null=True, blank=True)
    effective_to = models.DateField("hiệu lực đến", null=True, blank=True)
    # Folded copies kept by ``services.procedure_refresh_search``; the search indexes read only these.
    search_name = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    # Hash of the imported national record: re-importing an unchanged record changes nothing.
    source_hash = models.CharField(max_length=64, editable=False, blank=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["name"]
        indexes = [models.Index(fields=["agency", "is_active"])]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ProcedureCase(models.Model):
    """A trường hợp: its own components, steps, channels (time and fees). Every procedure has at least one."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="cases")
    name = models.CharField("trường hợp", max_length=500, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "trường hợp"
        verbose_name_plural = "trường hợp"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name or "Trường hợp chung"

    @property
    def title(self) -> str:
        """ "Trường hợp: …" unless the name already says so (national data often does)."""
        name = str(self)
        return name if name.casefold().startswith("trường hợp") else f"Trường hợp: {name}"


class Channel(models.Model):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", "Trực tiếp"
        ONLINE = "online", "Trực tuyến"
        POST = "post", "Dịch vụ bưu chính"

    class DurationUnit(models.TextChoices):
        WORKING_DAYS = "working_days", "ngày làm việc"
        DAYS = "days", "ngày"
        WORKING_HOURS = "working_hours", "giờ làm việc"

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField("cách thức", max_length=20, choices=Kind.choices)
    duration_value = models.DecimalField(
        "thời hạn giải quyết",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    duration_unit = models.CharField(
        "đơn vị thời hạn", max_length=20, choices=DurationUnit.choices, default=DurationUnit.WORKING_DAYS
    )
    note = models.TextField("mô tả", blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "cách thức thực hiện"
        verbose_name_plural = "cách thức thực hiện"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def duration_label(self) -> str:
        if self.duration_value is None:
            return "Không quy định"
        value = self.duration_value.normalize()
        return f"{value:f}".replace(".", ",") + f" {self.get_duration_unit_display()}"

    @property
    def total_fee(self) -> int:
        return sum(item.amount for item in self.fee_items.all())


class FeeItem(models.Model):
    class Kind(models.TextChoices):
        CHARGE = "phi", "Phí"
        FEE = "le_phi", "Lệ phí"

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="fee_items")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)

    class CollectAt(models.TextChoices):
        SUBMISSION = "submission", "Khi nộp hồ sơ"
        SUPPLEMENT = "supplement", "Khi bổ sung hồ sơ"
        RESULT = "result", "Khi nhận kết quả"

    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    description = models.CharField("mô tả", max_length=500, blank=True)
    collect_at = models.CharField("thời điểm thu", max_length=12, choices=CollectAt.choices, default="submission")
    # Who the procedure exempts (người có công, hộ nghèo …): an officer grants it per dossier, with the reason.
    exemption = models.CharField("đối tượng được miễn", max_length=500, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} đ"


DEFAULT_ACCEPTED_TYPES = "pdf,jpg,jpeg,png,doc,docx"


class ComponentRequirement(models.Model):
    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="components")
    name = models.TextField("tên giấy tờ")
    originals = models.PositiveSmallIntegerField("số bản chính", default=1)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    required = models.BooleanField("bắt buộc", default=True)
    template = models.FileField("mẫu đơn, tờ khai", upload_to="catalogue/templates/", blank=True)
    template_name = models.CharField("tên tệp mẫu", max_length=255, blank=True)
    accepted_types = models.CharField("định dạng chấp nhận", max_length=200, default=DEFAULT_ACCEPTED_TYPES)
    max_size_mb = models.PositiveSmallIntegerField("dung lượng tối đa (MB)", default=10)
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def accepted_types_list(self) -> list[str]:
        return [t.strip() for t in self.accepted_types.split(",") if t.strip()]


class ProcedureStep(models.Model):
    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="steps")
    description = models.TextField("nội dung bước")
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "trình tự thực hiện"
        verbose_name_plural = "trình tự thực hiện"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class LegalBasis(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="legal_bases")
    number = models.CharField("số hiệu văn bản", max_length=120)
    title = models.CharField("trích yếu", max_length=500)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class SupportContact(models.Model):
    """Support lines shown in the footer of every page (data, not template text)."""

    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    label = models.CharField("nội dung hỗ trợ", max_length=255)
    phone = models.CharField("số điện thoại", max_length=120)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    in_footer = models.BooleanField("hiện ở chân trang", default=False)
    position = models.PositiveIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "đầu mối hỗ trợ"
        verbose_name_plural = "đầu mối hỗ trợ"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["label", "phone"], name="unique_support_contact")]

    def __str__(self) -> str:
        return f"{self.label}: {self.phone}"

    @property
    def tel(self) -> str:
        """Digits of the first number, for ``tel:`` links ("(0260) 3797799, số máy lẻ 118" → "02603797799")."""
        first = re.split(r"[;,]", self.phone)[0]
        return "".join(ch for ch in first if ch.isdigit())
