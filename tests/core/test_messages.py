"""Every error code the package can answer carries a message in Indonesian first and in
English on ``Accept-Language: en`` (issue 15, "every message in Indonesian").

The walk is over the source: every place that raises or builds a ``StoreError`` (or one
of its subclasses) or a DRF ``ValidationError`` with a code. A message written as a plain
string would reach shoppers untranslated, so it fails here; a translated message must
have its Indonesian in the shipped catalogue.
"""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

import contex_oscar
from tests.core.test_errors import _package_exceptions

PACKAGE = Path(contex_oscar.__file__).parent
CATALOGUE = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "django.po"
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
#: messages the same in both languages (names, figures)
SAME_IN_BOTH = set()


def _called_name(call):
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _argument(call, position, keyword):
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def _literal(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _msgid(node):
    """``(context, msgid)`` of a gettext call, ``None`` for anything else."""
    if not isinstance(node, ast.Call):
        return None
    name = _called_name(node)
    if name in GETTEXT and node.args:
        return None, _literal(node.args[0])
    if name in PGETTEXT and len(node.args) > 1:
        return _literal(node.args[0]), _literal(node.args[1])
    return None


def _error_sites():
    """``(where, code, message node)`` for every error built with a code."""
    store_errors = {name for name, _cls in _package_exceptions()} | {"StoreError"}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called_name(node)
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            if name in store_errors:
                code, message = _argument(node, 0, "code"), _argument(node, 1, "message")
            elif name == "ValidationError":
                code, message = _argument(node, 99, "code"), _argument(node, 0, "detail")
            else:
                continue
            if _literal(code) and message is not None:
                yield where, _literal(code), message


SITES = list(_error_sites())


def test_the_walk_finds_the_error_codes():
    codes = {code for _where, code, _message in SITES}
    assert len(codes) >= 60
    assert {"terms_not_accepted", "order_not_found", "invalid_quantity"} & codes


@pytest.mark.parametrize(("where", "code", "message"), SITES, ids=[s[0] for s in SITES])
def test_no_error_message_is_a_plain_string(where, code, message):
    assert not isinstance(message, ast.Constant | ast.JoinedStr), (
        f"{where}: {code}'s message is not translatable: wrap it in gettext"
    )


def _msgids(message):
    """Every gettext string in a message expression (``_("…") % values``, a dict of
    field errors, ``str(_("…"))``)."""
    return [msgid for node in ast.walk(message) if (msgid := _msgid(node))]


TRANSLATED = sorted(
    {(code, msgid) for _where, code, message in SITES for msgid in _msgids(message)},
    key=lambda entry: (entry[0], entry[1][1] or ""),
)


@pytest.mark.parametrize(("code", "msgid"), TRANSLATED, ids=[c for c, _m in TRANSLATED])
def test_every_error_message_reads_in_indonesian_and_in_english(code, msgid):
    context, text = msgid
    assert text, f"{code}: the message is not a literal gettext string"

    def read(language):
        with translation.override(language):
            if context:
                return translation.pgettext(context, text)
            return translation.gettext(text)

    assert read("en") == text
    if text not in SAME_IN_BOTH:
        assert read("id") != text, f"{code}: no Indonesian for {text!r}"


def _catalogue_entries():
    """``(flags, msgid, msgstr)`` of the shipped catalogue (its header left out)."""
    entries, flags, field, parts = [], "", None, {"msgid": "", "msgstr": ""}

    def close():
        if parts["msgid"]:
            entries.append((flags, parts["msgid"], parts["msgstr"]))

    for line in CATALOGUE.read_text().splitlines() + [""]:
        if not line.strip():
            close()
            flags, field, parts = "", None, {"msgid": "", "msgstr": ""}
        elif line.startswith("#,"):
            flags = line
        elif line.startswith("#"):
            continue
        else:
            match = re.match(
                r'(msgid|msgstr(?:\[0\])?|msgctxt|msgid_plural|msgstr\[\d\])\s+"(.*)"$', line
            )
            if match:
                field = match.group(1).replace("[0]", "")
                parts[field] = parts.get(field, "") + match.group(2)
            elif line.startswith('"') and field:
                parts[field] = parts.get(field, "") + line[1:-1]
    return entries


def test_the_catalogue_translates_every_message_and_guesses_none():
    entries = _catalogue_entries()
    assert len(entries) > 300
    assert [msgid for flags, msgid, _s in entries if "fuzzy" in flags] == []
    assert [msgid for _f, msgid, msgstr in entries if not msgstr] == []
