"""The Vietnamese catalogue is complete and its compiled form is up to date."""

import gettext
import re
from pathlib import Path

import dienhinh

LOCALE = Path(dienhinh.__file__).parent / "locale" / "vi" / "LC_MESSAGES"


def _entries():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgid" not in block or 'msgid ""\nmsgstr ""\n"Project' in block:
            continue
        fuzzy = "#, fuzzy" in block or re.search(r"^#,.*fuzzy", block, re.M)
        parts = {}
        current = None
        for line in block.splitlines():
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
            if m:
                current = m.group(1)
                parts[current] = m.group(2)
            elif line.startswith('"') and current:
                parts[current] += line[1:-1]
        if parts.get("msgid"):
            yield parts, bool(fuzzy)


def _unescape(s):
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def test_every_message_has_a_vietnamese_translation():
    missing = [
        p["msgid"]
        for p, fuzzy in _entries()
        if fuzzy or not (p.get("msgstr") or p.get("msgstr[0]"))
    ]
    assert missing == []


def test_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    stale = []
    for p, _ in _entries():
        if "msgid_plural" in p or "msgctxt" in p:
            continue
        msgid, msgstr = _unescape(p["msgid"]), _unescape(p["msgstr"])
        if catalogue.gettext(msgid) != msgstr:
            stale.append(msgid)
    assert stale == [], "run `make messages` to recompile"


def test_catalogue_holds_every_message_of_the_source(tmp_path, monkeypatch):
    """`make messages` would add nothing: every translatable text in the code is in the .po."""
    import shutil

    from django.core.management import call_command

    source = LOCALE.parents[2]
    copy = tmp_path / "dienhinh"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo", "data", "fonts"),
    )
    monkeypatch.chdir(copy)
    call_command(
        "makemessages", locale=["vi"], no_obsolete=True, ignore_patterns=["static/*"], verbosity=0
    )
    fresh = (copy / "locale" / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    before = {p["msgid"] for p, _ in _entries()}
    blocks = [b for b in fresh.split("\n\n") if "msgid" in b]
    after = set()
    for block in blocks:
        m = re.search(r'^msgid "(.*)"$((?:\n".*")*)', block, re.M)
        if m:
            text = m.group(1) + "".join(line[1:-1] for line in m.group(2).split("\n") if line)
            if text:
                after.add(text)
    assert sorted(after - before) == [], "run `make messages` and translate the new messages"
