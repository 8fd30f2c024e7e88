from django.urls import path

from cases import feeds

rss, atom = feeds.DocumentFeed(), feeds.AtomDocumentFeed()

urlpatterns = [
    path("urgent-actions.rss", rss, name="feed_rss"),
    path("urgent-actions.atom", atom, name="feed_atom"),
    path("deadlines.ics", feeds.deadlines_calendar, name="feed_deadlines"),
    path("countries/<str:country>.rss", rss, name="feed_country_rss"),
    path("countries/<str:country>.atom", atom, name="feed_country_atom"),
    path("countries/<str:country>/deadlines.ics", feeds.deadlines_calendar, name="feed_country_deadlines"),
    path("themes/<slug:theme>.rss", rss, name="feed_theme_rss"),
    path("themes/<slug:theme>.atom", atom, name="feed_theme_atom"),
    path("themes/<slug:theme>/deadlines.ics", feeds.deadlines_calendar, name="feed_theme_deadlines"),
]
