"""Writes for participatory budgeting. Views, the API and commands call these and nothing else."""

from coopcouncil.budgeting.services.paper import (
    paper_batch_create,
    paper_batch_reconcile,
    paper_discrepancy_resolve,
    paper_entry_key,
)
from coopcouncil.budgeting.services.proposals import (
    comment_hide,
    comment_post,
    comment_report,
    comment_reports_dismiss,
    feasibility_review_record,
    proposal_co_proposer_add,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    proposals_merge,
)
from coopcouncil.budgeting.services.results import delivery_update_post, round_count, tie_draw_record
from coopcouncil.budgeting.services.rounds import (
    PotPlan,
    eligibility_rule_add,
    phase_window_set,
    round_create,
    round_phase_advance,
    round_update,
)
from coopcouncil.budgeting.services.voting import (
    AlreadyVotedError,
    BallotCast,
    ballot_change,
    ballot_submit,
    ballot_submit_with_code,
    paper_ballot_issue,
    voting_code_cancel,
    voting_codes_issue,
)

__all__ = [
    "AlreadyVotedError",
    "BallotCast",
    "PotPlan",
    "ballot_change",
    "ballot_submit",
    "ballot_submit_with_code",
    "comment_hide",
    "comment_post",
    "comment_report",
    "comment_reports_dismiss",
    "delivery_update_post",
    "eligibility_rule_add",
    "feasibility_review_record",
    "paper_ballot_issue",
    "paper_batch_create",
    "paper_batch_reconcile",
    "paper_discrepancy_resolve",
    "paper_entry_key",
    "phase_window_set",
    "proposal_co_proposer_add",
    "proposal_submit",
    "proposal_update",
    "proposal_withdraw",
    "proposals_merge",
    "round_count",
    "round_create",
    "round_phase_advance",
    "round_update",
    "tie_draw_record",
    "voting_code_cancel",
    "voting_codes_issue",
]
