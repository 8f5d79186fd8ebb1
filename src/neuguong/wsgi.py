import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neuguong.settings")
application = get_wsgi_application()

from neuguong.core.warm import warm_up  # noqa: E402 (after Django is set up)

warm_up()  # the URLconf and the catalogues, before the worker takes its first request
