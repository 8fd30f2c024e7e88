from django.urls import path

from impact import views

urlpatterns = [
    path("", views.impact_page, name="impact"),
    path("figures.csv", views.impact_page, {"as_csv": True}, name="impact_csv"),
]
