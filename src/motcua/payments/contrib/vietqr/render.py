"""Drawing a VietQR payload: an inline SVG for pages (scales, prints, no image request) and a PNG data URI."""

import segno

QUIET_ZONE = 4  # modules of white around the code: banking apps need it to find the code


def _code(payload: str) -> segno.QRCode:
    return segno.make(payload, error="m", micro=False)


def vietqr_svg(payload: str, *, title: str, scale: int = 6) -> str:
    """An ``<svg role="img">`` named by ``title`` (segno escapes it); dark modules on a white background.

    No inline ``style``: the colours are SVG presentation attributes, allowed by the CSP.
    """
    svg = _code(payload).svg_inline(
        scale=scale, border=QUIET_ZONE, dark="#000", light="#fff", title=title, svgclass="vietqr"
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def vietqr_png_data_uri(payload: str, *, scale: int = 6) -> str:
    """``data:image/png;base64,…`` of the code (for an e-mail or a PDF that cannot embed SVG)."""
    return _code(payload).png_data_uri(scale=scale, border=QUIET_ZONE, dark="#000", light="#fff")
