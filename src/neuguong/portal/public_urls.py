"""The public news site, under /news/: no account needed."""

from django.urls import path

from .feeds import CategoryFeed
from .views import public

app_name = "news"

urlpatterns = [
    path("", public.home, name="home"),
    path("search/", public.search, name="search"),
    path("language/", public.language, name="language"),
    path("<int:pk>/", public.article, name="article"),
    path("<int:pk>/cover/<slug:size>/", public.cover, name="cover"),
    path("category/<slug:slug>/", public.category, name="category"),
    path("category/<slug:slug>/rss/", CategoryFeed(), name="category_feed"),
    path("tag/<slug:slug>/", public.tag, name="tag"),
    path("unit/<int:pk>/", public.unit, name="unit"),
]
