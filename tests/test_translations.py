"""Every Vietnamese UI string has an English translation, and the compiled catalogue is current."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "motcua"
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")


def _catalogue() -> dict[str, str]:
    entries = {}
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = lambda chunk: "".join(re.findall(r'"(.*)"', chunk))  # noqa: E731
            entries[join(msgid.group(1)).replace('\\"', '"')] = join(msgstr.group(1))
    return entries


def test_every_translate_tag_in_templates_has_an_english_translation():
    catalogue = _catalogue()
    missing = []
    for template in ROOT.rglob("templates/**/*.html"):
        for _, text in TRANSLATE.findall(template.read_text(encoding="utf-8")):
            # A literal % in a {% translate %} tag is stored as %% (Django doubles it before the lookup too).
            if not (catalogue.get(text) or catalogue.get(text.replace("%", "%%"))):
                missing.append(f"{template.name}: {text}")
    assert missing == []


def test_compiled_catalogue_matches_its_source():
    import gettext

    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr in _catalogue().items()
        if msgid
        and "%(" not in msgid
        and compiled.gettext(msgid.replace("\\n", "\n")) != msgstr.replace("\\n", "\n").replace('\\"', '"')
    ]
    assert stale == []


def test_no_template_comment_spans_lines():
    """Django's ``{# #}`` is single-line: a multi-line one is printed on the page (use ``{% comment %}``)."""
    import re
    from pathlib import Path

    offenders = [
        str(path)
        for path in Path(__file__).resolve().parent.parent.joinpath("src", "motcua").rglob("*.html")
        if any("\n" in match for match in re.findall(r"\{#(.*?)#\}", path.read_text(), flags=re.S))
    ]
    assert offenders == []
