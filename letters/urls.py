from django.urls import path

from letters import views

urlpatterns = [
    path("<int:page_id>/panel/", views.letter_panel, name="letter_panel"),
    path("<int:page_id>/report/", views.report_letters, name="report_letters"),
]
