from django.urls import path

from ballots.voting.views import casting, published, running

app_name = "voting"

section = "section/<slug:election_slug>/<slug:section_slug>/"

urlpatterns = [
    path("", running.index, name="index"),
    path("<int:pk>/", casting.ballot_page, name="ballot"),
    path("<int:pk>/review/", casting.review, name="review"),
    path("<int:pk>/cast/", casting.cast, name="cast"),
    path("<int:pk>/meeting/", casting.booth, name="booth"),
    path("<int:pk>/meeting/review/", casting.booth_review, name="booth_review"),
    path("<int:pk>/meeting/cast/", casting.booth_cast, name="booth_cast"),
    path("<int:pk>/papers/", published.papers, name="papers"),
    path("<int:pk>/papers.blt", published.papers_blt, name="papers_blt"),
    path("<int:pk>/papers.csv", published.papers_csv, name="papers_csv"),
    path("<int:pk>/result/", published.result, name="result"),
    path("<int:pk>/manage/", running.manage, name="manage"),
    path("<int:pk>/close/", running.close, name="close"),
    path("<int:pk>/count/", running.count, name="count"),
    path("<int:pk>/record/", running.record, name="record"),
    path("<int:pk>/voters/add/", running.add_voter, name="add_voter"),
    path("<int:pk>/codes/", running.issue_code, name="issue_code"),
    path("clp/<slug:clp_slug>/<slug:election_slug>/<slug:section_slug>/new/", running.new_clp, name="new_clp"),
    path(f"{section}new/", running.new_section, name="new_section"),
    path(f"{section}electorate/", running.electorate_rules, name="electorate_rules"),
]
