from django.urls import path

from letters import views

urlpatterns = [
    path("packs/", views.letter_packs, name="letter_packs"),
    path("packs/<id:pack_id>/", views.letter_pack, name="letter_pack"),
    path("packs/<id:pack_id>/download/", views.letter_pack_download, name="letter_pack_download"),
    path("packs/<id:pack_id>/delete/", views.letter_pack_delete, name="letter_pack_delete"),
    path("<id:page_id>/panel/", views.letter_panel, name="letter_panel"),
    path("<id:page_id>/report/", views.report_letters, name="report_letters"),
    path("<id:page_id>/sheet.<str:file_format>", views.case_sheet_download, name="case_sheet"),
    path("<id:page_id>/letter/", views.personal_letter_download, name="personal_letter"),
    path("<id:page_id>/address-problem/", views.report_address_problem_view, name="address_problem"),
    path("<id:page_id>/reply/", views.record_reply_view, name="record_reply"),
    path("replies/<id:reply_id>/scan/", views.reply_scan, name="reply_scan"),
]
