"""The interface's catalogues: one for each official language besides English, every message
translated (no empty, no fuzzy one), its placeholders kept, and compiled as the install step
compiles it, so what runs is what the catalogue says."""

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")
CATALOGUES = {"ar": "ar", "zh-hans": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}


def test_every_official_language_but_english_has_a_catalogue():
    languages = {code for code, _name in settings.LANGUAGES} - {"en"}
    assert languages == set(CATALOGUES)
    for folder in CATALOGUES.values():
        assert (LOCALE / folder / "LC_MESSAGES" / "django.po").is_file(), folder


def read(folder: str):
    with open(LOCALE / folder / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=folder)


@pytest.mark.parametrize("folder", CATALOGUES.values())
def test_every_message_is_translated_keeping_its_placeholders(folder):
    catalogue = read(folder)
    assert not catalogue.fuzzy
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 300
    for message in messages:
        assert "fuzzy" not in message.flags, message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert forms and all(forms), f"{folder}: untranslated {message.id!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        allowed = {name for msgid in ids for name in PLACEHOLDER.findall(msgid)}
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= allowed, (folder, message.id, form)
        if not isinstance(message.id, tuple):
            assert set(PLACEHOLDER.findall(forms[0])) == allowed, (folder, message.id)


@pytest.mark.parametrize("folder", CATALOGUES.values())
def test_the_compiled_catalogue_is_the_catalogue(folder):
    compiled = LOCALE / folder / "LC_MESSAGES" / "django.mo"
    assert compiled.is_file(), f"{compiled} is missing: `make install` compiles the catalogues"
    with open(compiled, "rb") as mo:
        running = dict(gettext.GNUTranslations(mo)._catalog)
    running.pop("", None)  # the header
    expected = {}
    for message in read(folder):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for index, form in enumerate(message.string):
                expected[(message.id[0], index)] = form
        else:
            expected[message.id] = message.string
    if message_context := {k for k in running if isinstance(k, str) and "\x04" in k}:
        # gettext keys a message with a context as "context\x04id".
        for key in message_context:
            running[key.split("\x04", 1)[1]] = running.pop(key)
    assert running == expected, (
        f"{compiled} differs from its .po: run `make install` to compile it again"
    )
