"""Every page speaks one language. For each demo account, the pages its navigation and home page
link to (the pages their own navigation links to, and each list's first record) are read once in
Vietnamese and once in English. A Vietnamese page shows no English word, an English page no
Vietnamese word, except what users entered (names of people and units, subjects, notes) and a
few names and codes; dates read dd/mm/yyyy.

The visible text is the text of the page without scripts and styles, plus the attributes a reader
sees or hears (placeholders, titles, labels, confirmations). Text marked with another language
(``lang="vi"`` on the "Tiếng Việt" switch of an English page) is that language's.

An English word on a Vietnamese page is one that is not a Vietnamese syllable (Vietnamese writes
one syllable a word, from a small set of shapes, and a syllable ending in c, ch, p or t always
carries a tone mark) or one of a few English words that happen to be spelled like one. A
Vietnamese word on an English page is one with Vietnamese letters."""

import html
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import resolve

from neuguong.accounts.models import User

pytestmark = pytest.mark.sqlite_suite  # page text does not depend on the database (root conftest)

ACCOUNTS = ("quantri", "quantri.xa", "tochuc", "kiemtra", "tiepdan", "tuyengiao", "lanhdao", "dangvien",
            "kiemphieu")
# Apps whose text fields hold what users entered; catalogue entries are the product's own texts.
DATA_APPS = ("orgs", "accounts", "reception", "ballots", "audit", "jobs", "core", "study", "inspection", "portal",
             "evaluation", "honours")

# Names and codes that are the same in both languages.
NAMES = {"Nêu Gương", "Hồ Chí Minh", "Hà Tĩnh", "Tết"}
CODES = {"email", "excel", "word", "docx", "xlsx", "csv", "pdf", "json", "api", "htmx", "online", "ok"}
# English words spelled like a Vietnamese syllable; none of them is a Vietnamese word in this product.
ENGLISH_LOOKALIKES = {"the", "to", "no", "on", "by", "me", "be", "he", "go", "then", "them", "him", "main", "day",
                      "pay", "pen", "ten", "men", "run", "sun", "thin", "via"}

_VOWELS = "oai|oay|oao|oeo|uya|uyu|uay|uai|ai|ao|au|ay|eo|ia|iu|oa|oe|oi|ua|ui|uy|ue|a|e|i|o|u|y"
SYLLABLE = re.compile(rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?(?:{_VOWELS})(?:ng|nh|m|n)?")
WORD = re.compile(r"[^\W\d_]+")
VIETNAMESE_LETTER = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                               re.IGNORECASE)
NOT_DD_MM_YYYY = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"  # ISO
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"  # Dec. 2, 2026
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{4}"  # 2 December 2026
    r"|\b[Tt]háng \d{1,2},? (?:năm )?\d{4}"  # 2 tháng 12, 2026
)
# Document numbers (96-QĐ/TW, 98/2023/NĐ-CP, 827-QĐi/TU) and words quoted as code (`holidays`).
CODE_TEXT = re.compile(r"\b\d+(?:/\d{4})?[-/][^\W_][\w/-]*|`[^`]*`")
VISIBLE_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label", "label", "data-confirm", "data-no-match"}
BUTTON_INPUTS = {"submit", "button", "reset"}
SKIPPED_ELEMENTS = {"script", "style", "code"}  # code: identifiers, the same in every language
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RICH_TEXT = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?>")
DOWNLOADS = re.compile(r"\.(docx|xlsx|csv|pdf)$|[?&]export=")


@dataclass(frozen=True)
class Link:
    href: str
    in_nav: bool  # in the sidebar or a page's own navigation bar
    in_main: bool
    row_of: int | None  # in a table body: which table of the page


class _VisibleText(HTMLParser):
    """The pieces of text a reader sees, each with the language it is marked with, and the links."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str]] = []
        self.links: list[Link] = []
        self._stack: list[tuple[str, str, bool]] = [("", language, False)]  # (tag, lang, skipped)
        self._tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        _parent, lang, skipped = self._stack[-1]
        lang = values.get("lang") or lang
        skipped = skipped or tag in SKIPPED_ELEMENTS
        if not skipped:
            for name in sorted(VISIBLE_ATTRIBUTES & set(values)):
                self.pieces.append((lang, values[name]))
            if tag == "input" and values.get("type") in BUTTON_INPUTS:
                self.pieces.append((lang, values.get("value", "")))
        if tag == "table":
            self._tables += 1
        if tag == "a" and values.get("href"):
            open_tags = {entry[0] for entry in self._stack}
            self.links.append(Link(values["href"], "nav" in open_tags, "main" in open_tags,
                                   self._tables if "tbody" in open_tags else None))
        if tag not in VOID_ELEMENTS:
            self._stack.append((tag, lang, skipped))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        _tag, lang, skipped = self._stack[-1]
        if not skipped and data.strip():
            self.pieces.append((lang, " ".join(data.split())))


@dataclass
class UserData:
    """What users entered, by the words it holds: such text may be in either language on a page."""

    by_word: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_database(cls) -> "UserData":
        data = cls()
        for model in apps.get_models():
            if model._meta.app_label not in DATA_APPS:
                continue
            # Text fields, and the data a lifecycle step keeps of what its user typed (a note, a
            # reason); other JSON (audit values) holds codes too, which must not pass as typed text.
            text = models.CharField | models.TextField | models.EmailField
            typed = text | models.JSONField if model._meta.label == "core.StateChange" else text
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, typed) and not f.choices]
            for row in model._default_manager.values_list(*fields) if fields else ():
                for value in row:
                    data.add(value)
        return data

    def add(self, value: object) -> None:
        if isinstance(value, dict | list):
            for part in value.values() if isinstance(value, dict) else value:
                self.add(part)
        elif isinstance(value, str) and RICH_TEXT.search(value):  # rich text (an article): each piece between tags
            for part in RICH_TEXT.split(value):
                self.add(html.unescape(part))
        elif isinstance(value, str) and len(value) > 1:
            value = " ".join(value.split())  # as a page shows it: a multi-line text reads as one line
            for word in WORD.findall(value):
                self.by_word[word.lower()].add(value)

    def covered(self, text: str, start: int, end: int) -> bool:
        """Whether the word at ``text[start:end]`` lies in something a user entered, whole or cut
        short (a long text shown truncated)."""
        for value in self.by_word.get(text[start:end].lower(), ()):
            head = value[:24]
            at = text.find(head)
            while at != -1:
                length = len(head)
                while at + length < len(text) and length < len(value) and text[at + length] == value[length]:
                    length += 1
                if at <= start and end <= at + length:
                    return True
                at = text.find(head, at + 1)
        return False


def _is_code(word: str) -> bool:
    return word.lower() in CODES or (word.isupper() and len(word) <= 6)  # QĐ, HĐND, PDF


def _is_english(word: str) -> bool:
    lower = word.lower()
    if VIETNAMESE_LETTER.search(word):
        return False
    return lower in ENGLISH_LOOKALIKES or not SYLLABLE.fullmatch(lower)


def _foreign_words(language: str, text: str, data: UserData) -> list[str]:
    shown = text  # names and codes are blanked below, same lengths: user data is matched on what was shown
    for name in NAMES:
        text = text.replace(name, " " * len(name))
    text = CODE_TEXT.sub(lambda code: " " * len(code.group()), text)
    foreign = []
    for match in WORD.finditer(text):
        word = match.group()
        if len(word) < 2 or _is_code(word):
            continue
        wrong = bool(VIETNAMESE_LETTER.search(word)) if language == "en" else _is_english(word)
        if wrong and not data.covered(shown, match.start(), match.end()):
            foreign.append(word)
    return foreign


@dataclass
class Page:
    url: str
    language: str
    pieces: list[tuple[str, str]]
    links: list[Link]

    def defects(self, data: UserData) -> list[str]:
        found = []
        for lang, text in self.pieces:
            if not lang.startswith(self.language):
                continue
            if words := _foreign_words(self.language, text, data):
                found.append(f"{self.language} {self.url}: {', '.join(dict.fromkeys(words))} in «{text[:160]}»")
            if dates := NOT_DD_MM_YYYY.findall(text):
                found.append(f"{self.language} {self.url}: date not dd/mm/yyyy {dates} in «{text[:160]}»")
        return found

    def navigation(self) -> list[str]:
        """Links of the sidebar and of the page's own navigation bars."""
        return [link.href for link in self.links if link.in_nav]

    def content(self) -> list[str]:
        """Links of the page's content outside its navigation bars."""
        return [link.href for link in self.links if link.in_main and not link.in_nav]

    def first_records(self) -> list[str]:
        """In each table, the first row's link: the first record of the list."""
        firsts: dict[int, str] = {}
        for link in self.links:
            if link.in_main and link.row_of is not None:
                firsts.setdefault(link.row_of, link.href)
        return list(firsts.values())


def _openable(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
        return None
    if DOWNLOADS.search(href):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _client(user: User, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _read(client: Client, url: str, language: str) -> Page | None:
    """The page at ``url``; nothing for a file to download."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    if not response["Content-Type"].startswith("text/html"):
        return None
    parser = _VisibleText(language)
    parser.feed(response.content.decode())
    return Page(url, language, parser.pieces, parser.links)


def _pages(user: User, language: str) -> Iterator[Page]:
    """Home, the pages its navigation and content link to, the pages their own navigation links to,
    and the first record of every list among them: one page of each view (ten petitions waiting on
    the home page are one petition page)."""
    client = _client(user, language)
    home = _read(client, "/", language)
    assert home is not None
    yield home
    seen = {resolve("/").view_name}
    queue = [(href, True) for href in home.navigation()] + [(href, False) for href in home.content()]
    while queue:
        href, follow = queue.pop(0)
        url = _openable(href)
        if url is None or (view := resolve(urlsplit(url).path).view_name) in seen:
            continue
        seen.add(view)
        page = _read(client, url, language)
        if page is None:
            continue
        yield page
        if follow:
            queue += [(link, True) for link in page.navigation()]
            queue += [(link, False) for link in page.first_records()]


@pytest.fixture(scope="session")
def user_data(demo_accounts_file, django_db_blocker):
    """What users typed into the demo as ``make run`` loads it (the root conftest loads it once)."""
    with django_db_blocker.unblock():
        return UserData.from_database()


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_page_of_a_demo_account_speaks_one_language(user_data, db, username):
    user = User.objects.get(username=username)
    defects, opened = [], 0
    for language in ("vi", "en"):
        for page in _pages(user, language):
            opened += 1
            defects += page.defects(user_data)
    assert opened > 2
    assert not defects, "\n".join(defects)


def _page(language: str, html: str) -> Page:
    parser = _VisibleText(language)
    parser.feed(html)
    return Page("/", language, parser.pieces, parser.links)


def test_the_reader_flags_english_on_a_vietnamese_page_but_not_codes_names_or_what_users_entered():
    data = UserData()
    data.add("quantri.xa")
    html = ('<main><h1>Danh sách đơn</h1><button title="Sort by date">Lọc</button><p>Overdue since 02/12/2026</p>'
            '<p>Người nhận: quantri.xa · tải về XLSX · 96-QĐ/TW <code>petitions.laws</code></p>'
            '<script>var hidden = "English";</script><a href="/x" lang="en">English</a></main>')
    assert _page("vi", html).defects(data) == [
        "vi /: Sort, by, date in «Sort by date»",
        "vi /: Overdue, since in «Overdue since 02/12/2026»",
    ]


def test_the_reader_flags_vietnamese_and_iso_dates_on_an_english_page_but_not_what_users_entered():
    data = UserData()
    data.add("Nguyễn Văn An")
    data.add("Đường làng bị ngập sau mỗi trận mưa lớn kéo dài")
    html = ('<main><td>Khiếu nại</td><td>Petitioner: Nguyễn Văn An</td><td>Đường làng bị ngập sau mỗi…</td>'
            '<td>Due 2026-12-02</td><button lang="vi">Tiếng Việt</button> Nêu Gương</main>')
    assert _page("en", html).defects(data) == [
        "en /: Khiếu, nại in «Khiếu nại»",
        "en /: date not dd/mm/yyyy ['2026-12-02'] in «Due 2026-12-02»",
    ]
