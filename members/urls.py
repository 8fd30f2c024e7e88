from django.urls import path

from members import views

urlpatterns = [
    path("my-urgent-actions/", views.my_urgent_actions, name="my_urgent_actions"),
    path("personal-tools/", views.personal_tools, name="personal_tools"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.export_data, name="export_data"),
    path("profile/delete/", views.delete_account, name="delete_account"),
    path("profile/api-tokens/", views.api_tokens, name="api_tokens"),
    path("profile/api-tokens/<id:token_id>/revoke/", views.revoke_token, name="revoke_api_token"),
    path("cases/<id:page_id>/follow/", views.follow, name="follow_case"),
    path("cases/<id:page_id>/unfollow/", views.unfollow, name="unfollow_case"),
]
