from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from neuguong.api import api
from neuguong.honours.sitemaps import HonourRollSitemap
from neuguong.portal.sitemaps import SITEMAPS

# The admin site logs in through the product's own login (lockout and two-factor included).
admin.site.login = lambda request, extra_context=None: redirect_to_login(request.get_full_path())  # type: ignore[method-assign]

urlpatterns = [
    path("", include("neuguong.web.urls")),
    path("", include("neuguong.orgs.urls")),
    path("accounts/", include("neuguong.accounts.urls")),
    path("audit/", include("neuguong.audit.urls")),
    path("catalogues/", include("neuguong.catalogues.urls")),
    path("ballots/", include("neuguong.ballots.urls")),
    path("vote/", include("neuguong.ballots.public_urls")),
    path("reception/", include("neuguong.reception.urls")),
    path("petitions/", include("neuguong.reception.public_urls")),
    path("study/", include("neuguong.study.urls")),
    path("inspection/", include("neuguong.inspection.urls")),
    path("portal/", include("neuguong.portal.urls")),
    path("news/", include("neuguong.portal.public_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {**SITEMAPS, "honours": HonourRollSitemap}}, name="sitemap"),
    path("evaluation/", include("neuguong.evaluation.urls")),
    path("honours/", include("neuguong.honours.urls")),
    path("honour-roll/", include("neuguong.honours.public_urls")),
    path("jobs/", include("neuguong.jobs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The rich-text editor's own strings, in the active language (the project's djangojs catalogue).
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_prose_editor"]), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
