from django.urls import path

from hustings import views

app_name = "hustings"
urlpatterns = [
    path("", views.hustings_list, name="list"),
    path("<int:pk>/", views.audience, name="audience"),
    path("<int:pk>/moderate/", views.moderate, name="moderate"),
    path("<int:pk>/chair/", views.chair, name="chair"),
    path("<int:pk>/settings/", views.hustings_settings, name="settings"),
    path("<int:pk>/present/", views.present, name="present"),
    path("<int:pk>/transcript.csv", views.transcript_csv, name="transcript_csv"),
    path("<int:pk>/transcript.md", views.transcript_markdown, name="transcript_md"),
]
