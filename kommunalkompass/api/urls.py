"""One versioned REST API: each app contributes the router in its ``api.py``."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kommunalkompass.accounts.api import router as accounts_router
from kommunalkompass.accounts.auth import ApiTokenAuth, VerifiedSessionAuth
from kommunalkompass.api.bodies import refuse_body_that_is_not_an_object
from kommunalkompass.api.storable import error_message, refuse_unstorable_input
from kommunalkompass.assessments.api import router as assessments_router
from kommunalkompass.change.api import router as change_router
from kommunalkompass.organisations.api import router as organisations_router
from kommunalkompass.ozg.api import router as ozg_router
from kommunalkompass.positions.api import router as positions_router
from kommunalkompass.procurement.api import router as procurement_router
from kommunalkompass.strategy.api import router as strategy_router

api = NinjaAPI(
    title="Kommunalkompass API",
    version="1",
    description=(
        "REST API of Kommunalkompass. Authenticate with a personal token "
        "(`Authorization: Bearer <token>`, created on the profile page) or a browser session."
    ),
    auth=[ApiTokenAuth(), VerifiedSessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    docs=Swagger(),  # its data: icons pass the site's policy (core/csp.py)
)


def _field_of(location: list) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError):
    errors = [
        {"field": _field_of(list(error.get("loc", []))), "message": error_message(error)}
        for error in exc.errors
    ]
    message = errors[0]["message"] if errors else _("The request is not valid.")
    return api.create_response(
        request,
        {"message": message, "field": errors[0]["field"] if errors else "", "errors": errors},
        status=422,
    )


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": "" if field == "__all__" else field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": str(message)} for message in exc.messages]
    return api.create_response(
        request,
        {"message": errors[0]["message"], "field": errors[0]["field"], "errors": errors},
        status=400,
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"message": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(
        request, {"message": _("Your role does not allow this action.")}, status=403
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request,
        {"message": _("Authentication required: log in or send a valid API token.")},
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


# Before any operation runs: text with NUL or a lone surrogate, or a number beyond 64 bits,
# is a 422 naming the field (api/storable.py), never a 500 from the database.
api.add_decorator(refuse_unstorable_input)
# A JSON body that is not an object (`PATCH null`) is a 422, not a 200 (api/bodies.py).
api.add_decorator(refuse_body_that_is_not_an_object)
api.add_router("", accounts_router)
api.add_router("", organisations_router)
api.add_router("", assessments_router)
api.add_router("", strategy_router)
api.add_router("", ozg_router)
api.add_router("", procurement_router)
api.add_router("", positions_router)
api.add_router("", change_router)
