from django.urls import path

from coopcouncil.budgeting import officer_views, views

app_name = "budgeting"
urlpatterns = [
    path("budgets/", views.round_list, name="round_list"),
    path("budgets/<slug:slug>/", views.round_detail, name="round_detail"),
    path("budgets/<slug:slug>/proposals/", views.proposal_list, name="proposal_list"),
    path("budgets/<slug:slug>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("budgets/<slug:slug>/proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("budgets/<slug:slug>/proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path(
        "budgets/<slug:slug>/proposals/<int:pk>/comments/<int:comment_pk>/report/",
        views.comment_report,
        name="comment_report",
    ),
    path("budgets/<slug:slug>/vote/", views.ballot, name="ballot"),
    path("budgets/<slug:slug>/vote/start/", views.vote_start, name="vote_start"),
    path("budgets/<slug:slug>/vote/confirm/", views.ballot_confirm, name="ballot_confirm"),
    path("budgets/<slug:slug>/vote/done/", views.ballot_done, name="ballot_done"),
    path("budgets/<slug:slug>/receipt/", views.receipt, name="receipt"),
    path("budgets/<slug:slug>/receipt/change/", views.ballot_change, name="ballot_change"),
    path("budgets/<slug:slug>/results/", views.results, name="results"),
    path("budgets/<slug:slug>/results.csv", views.results_csv, name="results_csv"),
    path("budgets/<slug:slug>/results/pot-<int:pot_pk>.pb", views.results_pabulib, name="results_pabulib"),
    # Officers
    path("officer/budgets/new/", officer_views.round_new, name="round_new"),
    path("officer/budgets/<slug:slug>/", officer_views.round_manage, name="round_manage"),
    path("officer/budgets/<slug:slug>/advance/", officer_views.phase_advance, name="phase_advance"),
    path("officer/budgets/<slug:slug>/edit/", officer_views.round_edit, name="round_edit"),
    path("officer/budgets/<slug:slug>/rules/", officer_views.eligibility_rules, name="eligibility_rules"),
    path("officer/budgets/<slug:slug>/review/", officer_views.review_list, name="review_list"),
    path("officer/budgets/<slug:slug>/review/<int:pk>/", officer_views.proposal_review, name="proposal_review"),
    path("officer/budgets/<slug:slug>/count/", officer_views.round_count, name="round_count"),
    path("officer/budgets/<slug:slug>/count/<int:count_pk>/lots/", officer_views.tie_draw, name="tie_draw"),
    path("officer/budgets/<slug:slug>/codes/", officer_views.voting_codes, name="voting_codes"),
    path("officer/budgets/<slug:slug>/paper/", officer_views.paper_batches, name="paper_batches"),
    path("officer/budgets/<slug:slug>/paper/<int:batch_pk>/key/", officer_views.paper_key, name="paper_key"),
    path(
        "officer/budgets/<slug:slug>/paper/<int:batch_pk>/reconcile/",
        officer_views.paper_reconcile,
        name="paper_reconcile",
    ),
    path(
        "officer/budgets/<slug:slug>/paper/<int:batch_pk>/ballot-papers.pdf",
        officer_views.paper_print,
        name="paper_print",
    ),
    path("officer/budgets/<slug:slug>/paper/discrepancies/", officer_views.discrepancies, name="discrepancies"),
    path(
        "officer/budgets/<slug:slug>/paper/<int:batch_pk>/resolve/<int:serial>/",
        officer_views.discrepancy_resolve,
        name="discrepancy_resolve",
    ),
    path("officer/budgets/<slug:slug>/moderation/", officer_views.moderation, name="moderation"),
    path("officer/budgets/<slug:slug>/desk/", officer_views.desk, name="desk"),
    path("officer/budgets/<slug:slug>/timeline/", officer_views.timeline, name="timeline"),
    path("officer/budgets/<slug:slug>/review/<int:pk>/merge/", officer_views.proposal_merge, name="proposal_merge"),
    path("budgets/<slug:slug>/proposals/<int:pk>/proposers/", views.co_proposer_add, name="co_proposer_add"),
    path("budgets/<slug:slug>/proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path(
        "officer/budgets/<slug:slug>/proposals/<int:pk>/delivery/",
        officer_views.delivery_update,
        name="delivery_update",
    ),
]
