from django.urls import path

from letters import views

urlpatterns = [
    path("<int:page_id>/panel/", views.letter_panel, name="letter_panel"),
    path("<int:page_id>/report/", views.report_letters, name="report_letters"),
    path("<int:page_id>/sheet.<str:file_format>", views.case_sheet_download, name="case_sheet"),
    path("<int:page_id>/letter/", views.personal_letter_download, name="personal_letter"),
]
