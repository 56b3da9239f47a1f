import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class AccountKind(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    BUSINESS = "business", "Doanh nghiệp"
    ORGANISATION = "organisation", "Tổ chức"
    OFFICER = "officer", "Cán bộ, công chức"


class IdentityLevel(models.IntegerChoices):
    NONE = 0, "Chưa định danh"
    LEVEL_1 = 1, "Mức độ 1"
    LEVEL_2 = 2, "Mức độ 2"


class User(AbstractUser):
    """Every person who signs in: citizens, organisations' representatives and officers.

    Profiles (citizen identity, organisation, staff memberships) hang off this model in their own tables.
    Officers never sign in through the citizen identity provider, and citizens never on the back office.
    """

    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    kind = models.CharField("loại tài khoản", max_length=20, choices=AccountKind.choices, default=AccountKind.CITIZEN)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    @property
    def is_officer(self) -> bool:
        return self.kind == AccountKind.OFFICER


class CitizenProfile(models.Model):
    """What the national e-ID (or the counter officer) vouched for about a citizen."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen")
    id_number = models.CharField("số định danh cá nhân (CCCD)", max_length=12, unique=True, null=True, blank=True)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    sex = models.CharField("giới tính", max_length=20, blank=True)
    nationality = models.CharField("quốc tịch", max_length=100, blank=True)
    address = models.CharField("địa chỉ thường trú", max_length=500, blank=True)
    identity_level = models.PositiveSmallIntegerField(
        "mức độ định danh", choices=IdentityLevel.choices, default=IdentityLevel.NONE
    )
    # Feeds indicator 4.5: the account was verified through VNeID, not only typed in at a counter.
    verified_by_vneid = models.BooleanField("xác thực qua VNeID", default=False)
    verified_at = models.DateTimeField("xác thực lần cuối", null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ công dân"
        verbose_name_plural = "hồ sơ công dân"

    def __str__(self) -> str:
        return f"{self.user} ({self.id_number or '—'})"


class Organisation(models.Model):
    """A business or organisation account; the tax code is its key (and what its certificate carries)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation")
    name = models.CharField("tên tổ chức", max_length=300)
    tax_code = models.CharField("mã số thuế", max_length=14, unique=True)
    address = models.CharField("địa chỉ trụ sở", max_length=500, blank=True)
    representative = models.CharField("người đại diện theo pháp luật", max_length=200, blank=True)
    # The tax code typed at sign-up is only a claim; a trusted certificate carrying it confirms the unit.
    certificate_confirmed_at = models.DateTimeField("xác thực bằng chữ ký số lần cuối", null=True, blank=True)
    certificate_subject = models.CharField("chứng thư số đã dùng", max_length=500, blank=True)

    class Meta:
        verbose_name = "tổ chức, doanh nghiệp"
        verbose_name_plural = "tổ chức, doanh nghiệp"

    def __str__(self) -> str:
        return f"{self.name} (MST {self.tax_code})"


class StaffRole(models.TextChoices):
    RECEPTION = "reception", "Cán bộ tiếp nhận"
    SPECIALIST = "specialist", "Chuyên viên xử lý"
    DIVISION_HEAD = "division_head", "Lãnh đạo phòng"
    AGENCY_LEADER = "agency_leader", "Lãnh đạo cơ quan"
    CLERK = "clerk", "Văn thư"
    ACCOUNTANT = "accountant", "Kế toán (thu phí, lệ phí)"
    AGENCY_ADMIN = "agency_admin", "Quản trị cơ quan"
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"


class StaffMembership(models.Model):
    """An officer's role in one agency; an officer may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("catalogue.Agency", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=StaffRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "vai trò cán bộ"
        verbose_name_plural = "vai trò cán bộ"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="staff_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


class CounterRegistration(models.Model):
    """A citizen account opened by a reception officer at the counter: who, where, and where the link went.

    The citizen sets their own password through the link; this row is the record of who vouched for the data.
    """

    citizen = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counter_registration"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="counter_registrations"
    )
    agency = models.ForeignKey("catalogue.Agency", on_delete=models.PROTECT, related_name="counter_registrations")
    sms_to = models.CharField("gửi SMS đến", max_length=20)
    email_to = models.EmailField("gửi thư đến", blank=True)
    created_at = models.DateTimeField("thời điểm đăng ký", auto_now_add=True)

    class Meta:
        verbose_name = "đăng ký tài khoản tại quầy"
        verbose_name_plural = "đăng ký tài khoản tại quầy"

    def __str__(self) -> str:
        return f"{self.citizen} — {self.agency} ({self.created_at:%d/%m/%Y})"


class EDataItem(models.Model):
    """One document of a person's "Kho dữ liệu cá nhân": an earlier upload or a result, reusable in new dossiers.

    The item shares the stored file with the dossier file it came from (same storage name, never copied); a file
    is removed from storage only by the garbage collector, once no row of any kind refers to it.
    """

    class Source(models.TextChoices):
        UPLOAD = "upload", "Giấy tờ đã nộp"
        RESULT = "result", "Kết quả giải quyết"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(User, verbose_name="chủ sở hữu", on_delete=models.CASCADE, related_name="edata_items")
    title = models.CharField("tên giấy tờ", max_length=500)
    source = models.CharField("nguồn", max_length=10, choices=Source.choices, default=Source.UPLOAD)
    source_code = models.CharField("từ hồ sơ", max_length=60, blank=True)
    file = models.FileField("tệp", upload_to="kho-du-lieu/", max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("định dạng", max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    created_at = models.DateTimeField("lưu lúc", auto_now_add=True)

    class Meta:
        verbose_name = "giấy tờ trong kho dữ liệu cá nhân"
        verbose_name_plural = "kho dữ liệu cá nhân"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["owner", "sha256"], name="edata_item_unique_per_owner")]

    def __str__(self) -> str:
        return self.title
