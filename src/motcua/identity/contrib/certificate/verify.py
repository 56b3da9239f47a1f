"""Checking an uploaded CMS/PKCS#7 signature over a login challenge, with pyHanko and pyhanko-certvalidator.

No cryptography is written here: pyHanko checks the signature, the certificate path to a trusted CA, its validity
now, its key usage and its revocation against the configured CRLs (never fetched from the network). This module
only parses the upload, reads the tax code from the signer's subject, and turns each failure into a Vietnamese
message.
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from asgiref.sync import async_to_sync
from asn1crypto import cms, pem, x509
from django.utils.translation import gettext as _
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.general import extract_certificate_info
from pyhanko.sign.validation.generic_cms import async_validate_cms_signature, async_validate_detached_cms
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule

from motcua.core.errors import DomainError

from .trust import TrustStore

logger = logging.getLogger(__name__)

MAX_SIGNATURE_BYTES = 64 * 1024
# Vietnamese CAs write the unit's tax code as "MST:0101234567" (branches "MST:0101234567-001").
TAX_CODE_IN_SUBJECT = re.compile(r"MST\s*[:=]?\s*([0-9]{10}(?:-[0-9]{3})?)(?![0-9])", re.IGNORECASE)
BARE_TAX_CODE = re.compile(r"^\s*([0-9]{10}(?:-[0-9]{3})?)\s*$")
OID_UID = "0.9.2342.19200300.100.1.1"
OID_SERIAL_NUMBER = "2.5.4.5"
OID_COMMON_NAME = "2.5.4.3"
SIGNING_KEY_USAGES = frozenset({"digital_signature", "non_repudiation"})


class CertificateLoginError(DomainError):
    """Why the uploaded signature does not sign this organisation in (``message`` is shown as is)."""


@dataclass(frozen=True)
class VerifiedSigner:
    tax_code: str
    subject: str
    serial_number: str
    not_after: datetime


def signed_data_load(raw: bytes) -> cms.SignedData:
    """The ``SignedData`` of a DER or PEM (``-----BEGIN CMS/PKCS7-----``) file, or a clear error."""
    garbage = CertificateLoginError(
        _(
            "Tệp tải lên không phải chữ ký số dạng CMS/PKCS#7 (.p7s). Hãy ký tệp chuỗi xác thực bằng công cụ ký số"
            " của USB token, chọn kiểu chữ ký PKCS#7/CMS, rồi tải lên tệp .p7s nhận được."
        ),
        code="garbage",
    )
    if not raw or len(raw) > MAX_SIGNATURE_BYTES:
        raise garbage
    try:
        if pem.detect(raw):
            _type, _headers, raw = pem.unarmor(raw)
        content_info = cms.ContentInfo.load(raw, strict=True)
        if content_info["content_type"].native != "signed_data":
            raise garbage
        signed_data = content_info["content"]
        # asn1crypto parses lazily: touch what verification needs so a malformed file fails here.
        signed_data["encap_content_info"].native  # noqa: B018
        if len(signed_data["signer_infos"]) != 1:
            raise garbage
        extract_certificate_info(signed_data).signer_cert.subject.native  # noqa: B018
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise garbage from None
    return signed_data


def tax_code_from_certificate(certificate: x509.Certificate) -> str:
    """The tax code in the subject: UID (0.9.2342.19200300.100.1.1), serialNumber, or a CN containing "MST"."""
    values: dict[str, list[str]] = {}
    for rdn in certificate.subject.chosen:
        for attribute in rdn:
            value = attribute["value"].native
            if isinstance(value, str):
                values.setdefault(attribute["type"].dotted, []).append(value)
    for oid in (OID_UID, OID_SERIAL_NUMBER):
        for value in values.get(oid, []):
            match = TAX_CODE_IN_SUBJECT.search(value) or BARE_TAX_CODE.match(value)
            if match:
                return match.group(1)
    for value in values.get(OID_COMMON_NAME, []):
        match = TAX_CODE_IN_SUBJECT.search(value)
        if match:
            return match.group(1)
    raise CertificateLoginError(
        _(
            "Chứng thư số không chứa mã số thuế của tổ chức, doanh nghiệp (MST). Vui lòng ký bằng chứng thư số cấp"
            " cho đơn vị, không phải chứng thư số cá nhân."
        ),
        code="no_tax_code",
    )


def signature_verify(*, raw: bytes, challenge: bytes, trust: TrustStore, moment: datetime) -> VerifiedSigner:
    """Check that ``raw`` signs exactly ``challenge`` with a certificate trusted, valid and unrevoked at ``moment``."""
    signed_data = signed_data_load(raw)
    signer_cert = extract_certificate_info(signed_data).signer_cert
    _check_usable_now(signer_cert, moment)
    tax_code = tax_code_from_certificate(signer_cert)

    if not trust.roots:
        raise CertificateLoginError(
            _("Cổng chưa được cấu hình tổ chức cung cấp dịch vụ chứng thực chữ ký số nào. Vui lòng báo quản trị."),
            code="not_configured",
        )
    usage = KeyUsageConstraints(key_usage=set(SIGNING_KEY_USAGES), match_all_key_usages=False)
    encapsulated = signed_data["encap_content_info"]["content"].native
    if encapsulated is not None:
        # Attached ("opaque") signature: the signed text travels inside; it must be this challenge.
        if bytes(encapsulated) not in _challenge_variants(challenge):
            raise _other_challenge()
        status = async_to_sync(async_validate_cms_signature)(
            signed_data, validation_context=_validation_context(trust, moment, signer_cert), key_usage_settings=usage
        )
    else:
        for content in _challenge_variants(challenge):
            status = async_to_sync(async_validate_detached_cms)(
                content,
                signed_data,
                signer_validation_context=_validation_context(trust, moment, signer_cert),
                key_usage_settings=usage,
            )
            if status.intact:
                break
    if not status.intact:
        raise _other_challenge()
    if not status.valid:
        raise CertificateLoginError(
            _("Chữ ký số không hợp lệ (không khớp với khóa của chứng thư số). Vui lòng ký lại."), code="invalid"
        )
    if status.trust_problem_indic is not None:
        raise _trust_error(status.trust_problem_indic)
    return VerifiedSigner(
        tax_code=tax_code,
        subject=signer_cert.subject.human_friendly,
        serial_number=format(signer_cert.serial_number, "X"),
        not_after=signer_cert.not_valid_after,
    )


def _challenge_variants(challenge: bytes) -> list[bytes]:
    """The challenge, and the same with the line break a text editor may add when it is saved to a file."""
    return [challenge, challenge + b"\n", challenge + b"\r\n"]


def _validation_context(trust: TrustStore, moment: datetime, signer: x509.Certificate) -> ValidationContext:
    """Nothing is fetched. When a CRL of the signer's CA is configured it must be current and must not list the
    signer; a CA without a configured CRL is checked only through what its certificates declare (soft)."""
    has_crl = any(item["tbs_cert_list"]["issuer"] == signer.issuer for item in trust.crls)
    rules = RevocationCheckingPolicy(
        ee_certificate_rule=(
            RevocationCheckingRule.CRL_REQUIRED if has_crl else RevocationCheckingRule.CHECK_IF_DECLARED_SOFT
        ),
        intermediate_ca_cert_rule=RevocationCheckingRule.CHECK_IF_DECLARED_SOFT,
    )
    return ValidationContext(
        trust_roots=list(trust.roots),
        crls=list(trust.crls),
        moment=moment,
        allow_fetching=False,
        revinfo_policy=CertRevTrustPolicy(revocation_checking_policy=rules),
    )


def _check_usable_now(certificate: x509.Certificate, moment: datetime) -> None:
    """Clear messages for the commonest refusals; pyHanko checks the same again on the whole path."""
    if moment > certificate.not_valid_after:
        raise CertificateLoginError(
            _(
                "Chứng thư số đã hết hạn ngày %(date)s. Vui lòng gia hạn chứng thư số với nhà cung cấp dịch vụ chứng"
                " thực chữ ký số, hoặc đăng nhập bằng tài khoản và mật khẩu."
            )
            % {"date": certificate.not_valid_after.strftime("%d/%m/%Y")},
            code="expired",
        )
    if moment < certificate.not_valid_before:
        raise CertificateLoginError(
            _("Chứng thư số chưa đến ngày có hiệu lực (%(date)s).")
            % {"date": certificate.not_valid_before.strftime("%d/%m/%Y")},
            code="not_yet_valid",
        )
    usages = set(certificate.key_usage_value.native) if certificate.key_usage_value else set()
    if not usages & SIGNING_KEY_USAGES:
        raise CertificateLoginError(
            _("Chứng thư số này không dùng để ký số (thiếu mục đích “digitalSignature” hoặc “nonRepudiation”)."),
            code="key_usage",
        )


def _other_challenge() -> CertificateLoginError:
    return CertificateLoginError(
        _(
            "Chữ ký không phải cho chuỗi xác thực đang hiển thị (có thể bạn đã ký một chuỗi cũ hoặc một tệp khác)."
            " Vui lòng ký đúng chuỗi xác thực trên trang này rồi tải lên lại."
        ),
        code="other_challenge",
    )


def _trust_error(indication: AdESIndeterminate) -> CertificateLoginError:
    if indication in {AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE}:
        return CertificateLoginError(
            _(
                "Chứng thư số đã bị thu hồi theo danh sách thu hồi (CRL) của nhà cung cấp. Vui lòng liên hệ nhà cung"
                " cấp dịch vụ chứng thực chữ ký số."
            ),
            code="revoked",
        )
    if indication == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        return CertificateLoginError(
            _(
                "Chứng thư số không do tổ chức cung cấp dịch vụ chứng thực chữ ký số được Cổng tin cậy cấp. Vui lòng"
                " dùng chứng thư số của nhà cung cấp được cấp phép."
            ),
            code="untrusted",
        )
    if indication == AdESIndeterminate.TRY_LATER:
        return CertificateLoginError(
            _(
                "Chưa kiểm tra được chứng thư số có bị thu hồi hay không: danh sách thu hồi (CRL) của nhà cung cấp"
                " trên Cổng đã cũ. Vui lòng thử lại sau hoặc đăng nhập bằng tài khoản và mật khẩu."
            ),
            code="stale_crl",
        )
    if indication in {AdESIndeterminate.OUT_OF_BOUNDS_NO_POE, AdESIndeterminate.EXPIRED}:
        return CertificateLoginError(_("Chứng thư số (hoặc chứng thư của tổ chức cấp) đã hết hạn."), code="expired")
    logger.info("Certificate login refused: %s", indication.name)
    return CertificateLoginError(
        _(
            "Chứng thư số không hợp lệ hoặc không được Cổng tin cậy (chuỗi chứng thực không kiểm tra được). Vui lòng"
            " liên hệ nhà cung cấp dịch vụ chứng thực chữ ký số."
        ),
        code="untrusted",
    )
