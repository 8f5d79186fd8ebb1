"""Campaigns, their candidates, questions and tellers."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from neuguong.core.api import QUERY_MAX_LENGTH, caller

from .. import selectors, services
from .common import options_out
from .schemas import (
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CancelIn,
    CandidateIn,
    CandidateOut,
    ElectorateIn,
    QuestionIn,
    QuestionOut,
    TellerIn,
    TellerOut,
)

router = Router()


@router.get("/ballots/campaigns", response=list[CampaignOut], summary="Campaigns the caller may see")
def campaign_list(request: HttpRequest, status: str = Query("", max_length=QUERY_MAX_LENGTH),
                  q: str = Query("", max_length=QUERY_MAX_LENGTH)):
    return list(selectors.campaigns_visible_to(caller(request), status=status, q=q)[:500])


@router.post("/ballots/campaigns", response={201: CampaignOut}, summary="Create a draft campaign")
def campaign_create(request: HttpRequest, body: CampaignIn):
    return 201, services.campaign_create(acting_user=caller(request), **body.dict())


@router.get("/ballots/campaigns/{campaign_id}", response=CampaignOut)
def campaign_detail(request: HttpRequest, campaign_id: int):
    return selectors.campaign_get(caller(request), campaign_id)


@router.patch("/ballots/campaigns/{campaign_id}", response=CampaignOut, summary="Edit a draft campaign")
def campaign_update(request: HttpRequest, campaign_id: int, body: CampaignPatch):
    changes = body.dict(exclude_unset=True)
    return services.campaign_update(campaign_id=campaign_id, acting_user=caller(request), **changes)


@router.put("/ballots/campaigns/{campaign_id}/electorate", response=CampaignOut,
            summary="Number summoned and present")
def campaign_electorate(request: HttpRequest, campaign_id: int, body: ElectorateIn):
    return services.campaign_set_electorate(campaign_id=campaign_id, acting_user=caller(request), **body.dict())


@router.post("/ballots/campaigns/{campaign_id}/open", response=CampaignOut,
             summary="Open: freeze the ballot and the catalogue rules, accept ballots")
def campaign_open(request: HttpRequest, campaign_id: int):
    return services.campaign_open(campaign_id=campaign_id, acting_user=caller(request))


@router.post("/ballots/campaigns/{campaign_id}/close", response=CampaignOut, summary="Close: stop accepting ballots")
def campaign_close(request: HttpRequest, campaign_id: int):
    return services.campaign_close(campaign_id=campaign_id, acting_user=caller(request))


@router.post("/ballots/campaigns/{campaign_id}/count", response=CampaignOut,
             summary="Count a closed campaign whose reconciliation adds up")
def campaign_count(request: HttpRequest, campaign_id: int):
    return services.campaign_count(campaign_id=campaign_id, acting_user=caller(request))


@router.post("/ballots/campaigns/{campaign_id}/publish", response=CampaignOut, summary="Publish the results")
def campaign_publish(request: HttpRequest, campaign_id: int):
    return services.campaign_publish(campaign_id=campaign_id, acting_user=caller(request))


@router.post("/ballots/campaigns/{campaign_id}/cancel", response=CampaignOut, summary="Cancel a campaign")
def campaign_cancel(request: HttpRequest, campaign_id: int, body: CancelIn):
    return services.campaign_cancel(campaign_id=campaign_id, reason=body.reason, acting_user=caller(request))


# --- Candidates, questions, tellers ------------------------------------------------------------


@router.get("/ballots/campaigns/{campaign_id}/candidates", response=list[CandidateOut])
def candidate_list(request: HttpRequest, campaign_id: int):
    return list(selectors.candidates_of(selectors.campaign_get(caller(request), campaign_id)))


@router.post("/ballots/campaigns/{campaign_id}/candidates", response={201: CandidateOut})
def candidate_add(request: HttpRequest, campaign_id: int, body: CandidateIn):
    return 201, services.candidate_add(campaign_id=campaign_id, acting_user=caller(request), **body.dict())


@router.delete("/ballots/candidates/{candidate_id}", response={204: None})
def candidate_remove(request: HttpRequest, candidate_id: int):
    services.candidate_remove(candidate_id=candidate_id, acting_user=caller(request))
    return 204, None


def _question_out(question: Any) -> dict[str, Any]:
    return {"id": question.pk, "position": question.position, "text": question.text, "kind": question.kind,
            "required": question.required, "options": options_out(question.options)}


@router.get("/ballots/campaigns/{campaign_id}/questions", response=list[QuestionOut])
def question_list(request: HttpRequest, campaign_id: int):
    return [_question_out(q) for q in selectors.questions_of(selectors.campaign_get(caller(request), campaign_id))]


@router.post("/ballots/campaigns/{campaign_id}/questions", response={201: QuestionOut})
def question_add(request: HttpRequest, campaign_id: int, body: QuestionIn):
    question = services.question_add(campaign_id=campaign_id, acting_user=caller(request), **body.dict())
    return 201, _question_out(question)


@router.delete("/ballots/questions/{question_id}", response={204: None})
def question_remove(request: HttpRequest, question_id: int):
    services.question_remove(question_id=question_id, acting_user=caller(request))
    return 204, None


@router.get("/ballots/campaigns/{campaign_id}/tellers", response=list[TellerOut])
def teller_list(request: HttpRequest, campaign_id: int):
    campaign = selectors.campaign_get(caller(request), campaign_id)
    return [{"id": t.pk, "user_id": t.user_id, "username": t.user.username} for t in selectors.tellers_of(campaign)]


@router.post("/ballots/campaigns/{campaign_id}/tellers", response={201: TellerOut})
def teller_assign(request: HttpRequest, campaign_id: int, body: TellerIn):
    assignment = services.teller_assign(campaign_id=campaign_id, user_id=body.user_id, acting_user=caller(request))
    return 201, {"id": assignment.pk, "user_id": assignment.user_id, "username": assignment.user.username}


@router.delete("/ballots/tellers/{assignment_id}", response={204: None})
def teller_unassign(request: HttpRequest, assignment_id: int):
    services.teller_unassign(assignment_id=assignment_id, acting_user=caller(request))
    return 204, None
