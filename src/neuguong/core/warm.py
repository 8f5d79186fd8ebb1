"""What a web process loads before it answers its first request (``neuguong.wsgi``).

Django imports the URLconf (every app's views, and the API's routers with their schemas) and a
language's catalogue on first use. A request answered before the URL resolver, such as a cached public
news page (``portal.middleware``), needs neither, so a gunicorn worker that had only answered those paid
for them in the middle of its first other request: the re-render of a page past its freshness, about
0.6 s of CPU on the 2 cores of the benchmark machine, during which the worker's other readers waited
(the article's p99 over 1 s in ``bench/portal.py``). Loading them when the worker starts puts that cost
before the worker takes requests.
"""

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def warm_up() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (imports the URLconf and every module it includes)
    resolver.reverse_dict  # noqa: B018 (the lookup tables reverse() builds on first use)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")  # loads the language's catalogues
