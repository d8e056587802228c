"""English UI (issue 10, item 6): every string of the templates of the main flows is
translatable and has an English translation.

* every ``{% translate %}`` / ``{% blocktranslate %}`` / ``_("…")`` string of the templates
  under tickets, costs, core, accounts, estates, reports, analysis, frontdesk, handover, portal,
  care and fees (and the shared base and partials) has a non-empty English msgstr in
  ``locale/en/LC_MESSAGES/django.po``;
* no Chinese text stands in those templates outside a translation tag.

Strings are extracted the way ``makemessages`` does (Django's ``templatize``), and looked up in
the compiled catalogue (gettext/pgettext/ngettext under ``en``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils import translation
from django.utils.translation.template import templatize

TEMPLATES = Path(settings.BASE_DIR) / "templates"
FLOWS = [
    "tickets",
    "costs",
    "core",
    "accounts",
    "estates",
    "reports",
    "analysis",
    "partials",
    "frontdesk",
    "handover",
    "portal",
    "care",
    "fees",
]
HAN = re.compile(r"[\u4e00-\u9fff]")
CALL = re.compile(
    r"\b(gettext|pgettext|ngettext|npgettext)\((u'(?:[^'\\]|\\.)*'(?:, u'(?:[^'\\]|\\.)*')*)"
)
# Printable forms reproduce the company's paper forms: Chinese by design (R-PRT), like Excel.
PRINT_FORMS = ("print/", "/print")


def _templates() -> list[Path]:
    files = [TEMPLATES / "base.html"]
    for folder in FLOWS:
        files += sorted((TEMPLATES / folder).rglob("*.html"))
    return [f for f in files if not any(p in str(f.relative_to(TEMPLATES)) for p in PRINT_FORMS)]


def _msgids(path: Path) -> list[tuple[str, str | None, str | None]]:
    """(msgid, context, plural) of every translatable string of a template."""
    found = []
    for kind, args in CALL.findall(templatize(path.read_text(), origin=str(path))):
        values = [ast.literal_eval(a) for a in re.findall(r"u'(?:[^'\\]|\\.)*'", args)]
        if kind == "gettext":
            found.append((values[0], None, None))
        elif kind == "pgettext":
            found.append((values[1], values[0], None))
        elif kind == "ngettext":
            found.append((values[0], None, values[1]))
        else:
            found.append((values[1], values[0], values[2]))
    return found


def _translated(msgid: str, context: str | None, plural: str | None) -> bool:
    if context and plural:
        text = translation.npgettext(context, msgid, plural, 1)
    elif context:
        text = translation.pgettext(context, msgid)
    elif plural:
        text = translation.ngettext(msgid, plural, 1)
    else:
        text = translation.gettext(msgid)
    return bool(text) and text != msgid


def test_every_template_string_of_the_main_flows_has_english():
    missing = set()
    with translation.override("en"):
        for path in _templates():
            for msgid, context, plural in _msgids(path):
                if HAN.search(msgid) and not _translated(msgid, context, plural):
                    missing.add((str(path.relative_to(TEMPLATES)), msgid))
    assert not missing, "\n".join(f"{p}: {m!r}" for p, m in sorted(missing))


def _bare_chinese(path: Path) -> list[str]:
    """Chinese text outside translation tags (and outside comments)."""
    bare, inside = [], 0
    for token in Lexer(path.read_text()).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in ("blocktranslate", "blocktrans", "comment"):
                inside += 1
            elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
                inside -= 1
        elif token.token_type == TokenType.TEXT and not inside:
            text = re.sub(r"<!--.*?-->", "", token.contents, flags=re.S)
            bare += [line.strip() for line in text.splitlines() if HAN.search(line)]
    return bare


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_chinese_outside_translation_tags(path):
    assert not _bare_chinese(path)
