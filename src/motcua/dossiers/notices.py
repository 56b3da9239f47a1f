"""What the applicant is told when their dossier moves: in-app, e-mail and SMS, each saying what to do next.

Called by ``services.core.apply`` inside the transition's transaction: the notice rows commit with the change
(nothing is lost if the process dies), and delivery runs after commit (``notifications``).
"""

from django.urls import reverse
from django.utils import timezone

from motcua.notifications.services import notify_person

from .models import Dossier, DossierEvent
from .workflow import Action

_WHEN = "%H giờ %M phút, ngày %d/%m/%Y"


def dossier_portal_path(dossier: Dossier) -> str:
    """The dossier's page on "Trang cá nhân" (a public URL: notices and e-mails link to it)."""
    return reverse("portal:dossier_detail", args=[dossier.code])


def _due_text(dossier: Dossier) -> str:
    if dossier.due_at is None:
        return "Thủ tục này không quy định thời hạn trả kết quả."
    return f"Ngày hẹn trả kết quả: {timezone.localtime(dossier.due_at).strftime(_WHEN)}."


def _compose(dossier: Dossier, event: DossierEvent) -> tuple[str, str] | None:
    """(subject, body) for ``event``, or None when the applicant needs no notice (their own draft edits)."""
    code, procedure = dossier.code, dossier.procedure.name
    note = f"\nLý do: {event.note}" if event.note else ""
    match event.action:
        case Action.SUBMIT:
            return (
                f"Hồ sơ {code} đã được nộp thành công",
                f"Hồ sơ {code} ({procedure}) đã được gửi đến {dossier.agency.name}, trạng thái “Mới đăng ký”.\n"
                "Bộ phận Tiếp nhận và Trả kết quả sẽ kiểm tra hồ sơ; bạn sẽ nhận được Giấy tiếp nhận hồ sơ và hẹn "
                "trả kết quả, hoặc yêu cầu bổ sung nếu hồ sơ còn thiếu. Theo dõi tại “Trang cá nhân” → "
                "“Danh sách giao dịch”.",
            )
        case Action.RECEIVE:
            return (
                f"Hồ sơ {code} đã được tiếp nhận",
                f"{dossier.agency.name} đã tiếp nhận hồ sơ {code} ({procedure}). {_due_text(dossier)}\n"
                "Giấy tiếp nhận hồ sơ và hẹn trả kết quả có trên trang hồ sơ. Bạn không cần làm gì thêm lúc này.",
            )
        case Action.REFUSE:
            return (
                f"Hồ sơ {code} không được tiếp nhận",
                f"{dossier.agency.name} không tiếp nhận hồ sơ {code} ({procedure}).{note}\n"
                "Phiếu từ chối tiếp nhận có trên trang hồ sơ; bạn có thể nộp hồ sơ mới sau khi khắc phục.",
            )
        case Action.REQUEST_SUPPLEMENT:
            return (
                f"Hồ sơ {code} cần bổ sung, hoàn thiện",
                f"{dossier.agency.name} yêu cầu bổ sung, hoàn thiện hồ sơ {code} ({procedure}).{note}\n"
                "Mở trang hồ sơ để xem danh sách giấy tờ cần bổ sung, tải lên và bấm “Gửi bổ sung”. "
                "Mã hồ sơ không thay đổi; thời hạn giải quyết tạm dừng cho đến khi bạn bổ sung.",
            )
        case Action.REQUEST_PAYMENT:
            return (
                f"Hồ sơ {code}: yêu cầu thực hiện nghĩa vụ tài chính",
                f"Hồ sơ {code} ({procedure}) đang chờ bạn thực hiện nghĩa vụ tài chính.{note}\n"
                "Mở trang hồ sơ để xem số tiền và thanh toán.",
            )
        case Action.FINISH:
            return (
                f"Hồ sơ {code} đã có kết quả",
                f"Hồ sơ {code} ({procedure}) đã được giải quyết xong. "
                f"Hình thức nhận kết quả bạn đã chọn: {dossier.get_result_delivery_display()}. "
                "Xem hướng dẫn nhận kết quả trên trang hồ sơ.",
            )
        case Action.RETURN_RESULT:
            return (
                f"Đã trả kết quả hồ sơ {code}",
                f"Kết quả hồ sơ {code} ({procedure}) đã được trả. Kết quả điện tử được lưu trong "
                "“Kho dữ liệu cá nhân”. Mời bạn đánh giá mức độ hài lòng trên trang hồ sơ.",
            )
        case Action.STOP:
            return (
                f"Hồ sơ {code} bị dừng xử lý",
                f"{dossier.agency.name} dừng giải quyết hồ sơ {code} ({procedure}).{note}",
            )
        case Action.WITHDRAW:
            return (
                f"Hồ sơ {code} đã được rút",
                f"Yêu cầu rút hồ sơ {code} ({procedure}) đã được ghi nhận; hồ sơ sẽ không được giải quyết tiếp.",
            )
        case Action.APOLOGISE:
            return (
                f"Hồ sơ {code}: xin lỗi và hẹn lại ngày trả kết quả",
                f"{dossier.agency.name} xin lỗi vì chưa thể trả kết quả hồ sơ {code} ({procedure}) đúng hẹn.{note}\n"
                f"{_due_text(dossier)} Văn bản xin lỗi và đề nghị gia hạn có trên trang hồ sơ.",
            )
        case Action.SUPPLEMENT:
            return (
                f"Đã gửi bổ sung hồ sơ {code}",
                f"Phần bổ sung hồ sơ {code} ({procedure}) đã được gửi; thời hạn giải quyết được tính tiếp.",
            )
    return None


def event_notify(*, dossier: Dossier, event: DossierEvent) -> None:
    composed = _compose(dossier, event)
    if composed is None or dossier.applicant_id is None:  # a walk-in without an account gets paper forms
        return
    subject, body = composed
    notify_person(
        user=dossier.applicant,
        subject=subject,
        body=body,
        link=dossier_portal_path(dossier),
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
    )
