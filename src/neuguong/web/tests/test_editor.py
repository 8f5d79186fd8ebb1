"""The rich-text editor of the portal's articles (django-prose-editor): its words in Vietnamese,
its scripts on the article form, and what it offers kept by the body's sanitiser."""

import json
import re
from pathlib import Path

import django_prose_editor
import polib
import pytest
from django.conf import settings
from django.test import Client

from neuguong.portal.forms import EDITOR_EXTENSIONS
from neuguong.portal.services.common import ALLOWED_TAGS, clean_html

SCRIPTS = Path(django_prose_editor.__file__).parent / "static" / "django_prose_editor"
CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "djangojs.po"


def editor_msgids() -> set[str]:
    """The strings the editor's scripts pass to ``window.gettext`` (under whatever short name the
    minifier gave it)."""
    found: set[str] = set()
    for script in SCRIPTS.glob("*.js"):
        text = script.read_text()
        for alias in re.findall(r"([\w$]+)=window\.gettext\|\|", text):
            found |= set(re.findall(rf"(?<![\w$.]){re.escape(alias)}\(\"([^\"]+)\"\)", text))
    return found


def test_every_word_of_the_editor_has_a_vietnamese_translation():
    msgids = editor_msgids()
    assert {"Edit HTML", "Insert Table", "Open in new window"} <= msgids
    translated = {entry.msgid for entry in polib.pofile(str(CATALOGUE)) if entry.msgstr and not entry.fuzzy}
    assert msgids - translated == set()


def test_the_javascript_catalogue_speaks_the_active_language():
    vietnamese = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/jsi18n/")
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/jsi18n/")
    assert vietnamese.status_code == english.status_code == 200
    words = json.dumps("Chèn bảng")  # the catalogue writes JSON, non-ASCII escaped
    assert words in vietnamese.content.decode() and words not in english.content.decode()


@pytest.mark.django_db
def test_the_article_form_loads_the_editor_on_its_textarea(admin_client_a):
    page = admin_client_a.get("/portal/articles/new/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", page)
    assert textarea and "data-django-prose-editor-configurable" in textarea.group(0)
    # The catalogue defines ``gettext`` before the editor's module reads it.
    assert page.index('<script src="/jsi18n/"') < page.index('<script src="/static/django_prose_editor/editor.js"')


def test_what_the_editor_offers_the_sanitiser_keeps():
    """Each kind of markup the toolbar makes survives the body's cleaning, so nothing an editor
    formats is silently dropped on save."""
    made = {"Bold": "strong", "Italic": "em", "Underline": "u", "Strike": "s", "Subscript": "sub",
            "Superscript": "sup", "BulletList": "ul", "OrderedList": "ol", "ListItem": "li",
            "Blockquote": "blockquote", "HorizontalRule": "hr", "HardBreak": "br", "Link": "a", "Table": "table",
            "TableRow": "tr", "TableHeader": "th", "TableCell": "td"}
    offered = {name for name in EDITOR_EXTENSIONS if name in made}
    assert offered == set(made)
    assert {made[name] for name in offered} <= ALLOWED_TAGS
    assert {f"h{level}" for level in EDITOR_EXTENSIONS["Heading"]["levels"]} <= ALLOWED_TAGS
    assert clean_html('<ol start="3" type="a"><li>ba</li></ol>') == '<ol start="3" type="a"><li>ba</li></ol>'
    assert clean_html('<a href="https://x.vn" target="_blank">x</a>') == \
        '<a href="https://x.vn" rel="noopener noreferrer nofollow">x</a>'
