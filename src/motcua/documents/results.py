"""Signing a result: the agency's digital signature and the QR code of the public verification page.

The officer at the signing step presses "Ký số": the stored PDF is stamped with the verification QR code and the
result code, signed (PAdES) with the agency's certificate (``signing``), and stored in place of the unsigned one
by ``dossiers.services.result_store_signed`` — which checks again, under the dossier's lock, that this officer
may still sign it.
"""

from motcua.accounts.models import User
from motcua.dossiers.models import DossierResult
from motcua.dossiers.services import result_signing_check, result_store_signed

from .signing import result_pdf_signed


def result_sign(*, result: DossierResult, officer: User, verify_url: str) -> DossierResult:
    """Sign ``result`` as ``officer``'s agency; DomainError if they may not (or it is signed already)."""
    result_signing_check(result=result, officer=officer)
    with result.file.open("rb") as handle:
        original = handle.read()
    signed = result_pdf_signed(
        pdf_bytes=original,
        agency=result.dossier.agency,
        result_code=result.code,
        verify_url=verify_url,
        signer_name=str(officer),
    )
    return result_store_signed(result=result, officer=officer, signed_pdf=signed)
