from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    organisation: str
    organisation_name: str
    role: str


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    memberships: list[MembershipOut]


@router.get("/me", response=UserOut, summary="The current user and their memberships")
def me(request: HttpRequest):
    user = request.auth
    memberships = user.memberships.select_related("organisation").order_by("organisation__name")
    return {
        "id": user.id,
        "email": user.email,
        "full_name": user.full_name,
        "memberships": [
            {
                "organisation": m.organisation.slug,
                "organisation_name": m.organisation.name,
                "role": m.role,
            }
            for m in memberships
        ],
    }
