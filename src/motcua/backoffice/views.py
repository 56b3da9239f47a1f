"""Back-office pages ("Một cửa điện tử"). Views parse input, call one service or selector, render."""

from dataclasses import dataclass

from allauth.account import views as account_views
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.models import StaffRole
from motcua.accounts.selectors import (
    counter_registration_for_officer,
    officer_agencies_with_role,
    officer_memberships,
)
from motcua.accounts.services import citizen_register_at_counter
from motcua.core.errors import DomainError, NotFound

from .access import officer_required, role_required
from .forms import CitizenRegisterForm, OfficerLoginForm


@dataclass(frozen=True)
class Action:
    roles: tuple[str, ...]
    url_name: str
    label: str
    description: str


_PROCESSING_ROLES = (StaffRole.SPECIALIST, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_LEADER, StaffRole.CLERK)
_ANY_ROLE = (StaffRole.RECEPTION, *_PROCESSING_ROLES, StaffRole.AGENCY_ADMIN)

# What each role can do from the back-office home page.
ACTIONS = (
    Action(
        (StaffRole.RECEPTION,),
        "backoffice:reception_queue",
        _("Hồ sơ chờ tiếp nhận trực tuyến"),
        _("Kiểm tra hồ sơ nộp trực tuyến (cũ nhất trước) và Tiếp nhận, Yêu cầu bổ sung hoặc Từ chối tiếp nhận."),
    ),
    Action(
        (StaffRole.RECEPTION,),
        "backoffice:counter_start",
        _("Tiếp nhận hồ sơ trực tiếp"),
        _("Nhập hồ sơ của công dân đến quầy, đính kèm bản quét, tiếp nhận và in Giấy tiếp nhận (Mẫu số 01)."),
    ),
    Action(
        (StaffRole.RECEPTION,),
        "backoffice:results_queue",
        _("Hồ sơ chờ trả kết quả"),
        _("Trả kết quả trực tuyến, tại quầy hoặc qua bưu chính cho hồ sơ đã giải quyết xong."),
    ),
    Action(
        _PROCESSING_ROLES,
        "backoffice:my_tasks",
        _("Việc của tôi"),
        _("Hồ sơ đang chờ bạn xử lý, hạn xử lý từng bước, việc sắp đến hạn và quá hạn trước."),
    ),
    Action(
        _ANY_ROLE,
        "backoffice:register",
        _("Sổ theo dõi hồ sơ"),
        _("Sổ theo dõi hồ sơ (Mẫu số 07) theo cơ quan và thời gian; xuất PDF hoặc CSV."),
    ),
    Action(
        (StaffRole.RECEPTION,),
        "backoffice:citizen_register",
        _("Đăng ký tài khoản cho công dân"),
        _("Tạo tài khoản trên Cổng cho công dân đến quầy; công dân nhận đường dẫn đặt mật khẩu qua SMS."),
    ),
    Action(
        (StaffRole.AGENCY_ADMIN,),
        "backoffice:workflow_list",
        _("Quy trình nội bộ"),
        _("Các bước xử lý hồ sơ trong cơ quan theo từng thủ tục: người xử lý, thời gian, bước ký số kết quả."),
    ),
    Action(
        (StaffRole.ACCOUNTANT, StaffRole.AGENCY_LEADER),
        "backoffice:finance_home",
        _("Kế toán: thu phí, lệ phí"),
        _("Sai lệch cần xử lý, nhập sao kê, giao dịch, hoàn tiền, báo cáo ngày."),
    ),
    Action(
        (StaffRole.RECEPTION, StaffRole.SPECIALIST),
        "backoffice:tax_notices",
        _("Nghĩa vụ tài chính đất đai"),
        _("Nhập thông báo của cơ quan thuế (tệp CSV) và theo dõi tình trạng nộp tiền của từng thông báo."),
    ),
    Action(
        (StaffRole.AGENCY_LEADER, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_ADMIN, StaffRole.SYSTEM_ADMIN),
        "backoffice:statistics",
        _("Thống kê, báo cáo"),
        _("Báo cáo định kỳ theo cơ quan, lĩnh vực, thủ tục và kỳ; biểu đồ; bộ chỉ số 766; xuất CSV, Excel."),
    ),
)


class OfficerLoginView(account_views.LoginView):
    """allauth's login (rate limits, then the TOTP code) for officers; lands on the back-office home page."""

    form_class = OfficerLoginForm
    template_name = "backoffice/login.html"
    success_url = reverse_lazy("backoffice:home")

    def get_form_class(self) -> type[OfficerLoginForm]:
        return self.form_class  # never the portal's login form, whatever ACCOUNT_FORMS says


@method_decorator(require_POST, name="dispatch")
class OfficerLogoutView(account_views.LogoutView):
    def get_redirect_url(self) -> str:
        return reverse("backoffice:login")


login = OfficerLoginView.as_view()
logout = OfficerLogoutView.as_view()


@require_GET
@officer_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = officer_memberships(officer=request.user)
    roles = {membership.role for membership in memberships}
    actions = [action for action in ACTIONS if roles & set(action.roles)]
    return render(request, "backoffice/home.html", {"memberships": memberships, "actions": actions})


@require_http_methods(["GET", "POST"])
@role_required(StaffRole.RECEPTION, _("Chỉ cán bộ tiếp nhận mới đăng ký tài khoản cho công dân."))
def citizen_register(request: HttpRequest) -> HttpResponse:
    agencies = officer_agencies_with_role(officer=request.user, role=StaffRole.RECEPTION)
    form = CitizenRegisterForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            citizen = citizen_register_at_counter(officer=request.user, **form.service_arguments())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("backoffice:citizen_register_done", citizen_id=citizen.pk)
    return render(request, "backoffice/citizen_register.html", {"form": form, "agencies": agencies})


@require_GET
@role_required(StaffRole.RECEPTION, _("Chỉ cán bộ tiếp nhận mới đăng ký tài khoản cho công dân."))
def citizen_register_done(request: HttpRequest, citizen_id: int) -> HttpResponse:
    try:
        registration = counter_registration_for_officer(officer=request.user, citizen_id=citizen_id)
    except NotFound as error:
        raise Http404(error.message) from None
    link_days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    return render(
        request, "backoffice/citizen_register_done.html", {"registration": registration, "link_days": link_days}
    )
