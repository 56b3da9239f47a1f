"""Nghĩa vụ tài chính đất đai: ``notices`` (import) · ``csv_file`` (the tax authority's CSV) · ``paying`` (lookup,
voucher)."""

from .csv_file import HEADER_LABELS, tax_notices_parse_csv
from .notices import (
    MAX_NOTICES,
    ImportResult,
    RowError,
    TaxNoticeData,
    TaxNoticeErrors,
    normalise_tax_id,
    tax_notices_import,
)
from .paying import tax_notices_lookup, tax_voucher_record

__all__ = [
    "HEADER_LABELS",
    "MAX_NOTICES",
    "ImportResult",
    "RowError",
    "TaxNoticeData",
    "TaxNoticeErrors",
    "normalise_tax_id",
    "tax_notices_import",
    "tax_notices_lookup",
    "tax_notices_parse_csv",
    "tax_voucher_record",
]
