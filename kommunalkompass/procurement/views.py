"""Pages of the procurement module. Thin: forms in, services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.core.language import content_language
from kommunalkompass.documents.tables import RowsError, TableFileError, format_row_errors
from kommunalkompass.organisations.downloads import Offer, downloads, serves_document
from kommunalkompass.organisations.tenancy import get_scoped_or_404, organisation_view

from . import catalogs, presentation, selectors, services, sheets
from .forms import (
    BidUploadForm,
    ExclusionForm,
    LotForm,
    MethodForm,
    ProcurementCreateForm,
    ProcurementForm,
    RequirementForm,
    ScoreForm,
)
from .models import Bid, Exclusion, Lot, Procurement, Requirement

VIEW = "procurement.view_procurements"
MANAGE = "procurement.manage_procurements"
SIGN = "procurement.sign_evaluation"


def _can(request: HttpRequest, permission: str = MANAGE) -> bool:
    return request.user.has_perm(permission, request.organisation)


def _procurement(request: HttpRequest, pk: int) -> Procurement:
    return get_scoped_or_404(Procurement, request.organisation, pk=pk)


def _to_detail(request: HttpRequest, procurement: Procurement, anchor: str = "") -> HttpResponse:
    response = redirect("procurement:detail", request.organisation.slug, procurement.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@organisation_view(VIEW)
@require_GET
def procurement_list(request: HttpRequest) -> HttpResponse:
    """The organisation's procurements and the catalogs a new one can start from."""
    language = content_language()
    return TemplateResponse(
        request,
        "procurement/list.html",
        {
            "procurements": selectors.procurement_list(organisation=request.organisation),
            "procurement_catalogs": [
                (c, c.title.get(language), c.description.get(language))
                for c in catalogs.shipped_catalogs()
            ],  # fmt: skip
            "can_manage": _can(request),
        },
    )


@organisation_view(MANAGE)
@require_http_methods(["GET", "POST"])
def procurement_create(request: HttpRequest) -> HttpResponse:
    """Start a procurement, usually from a requirement catalog."""
    organisation = request.organisation
    initial: dict = {"catalog_key": request.GET.get("catalog", "")}
    if request.GET.get("measure", "").isdigit():
        # Started from a measure's page: the measure is ticked (the form offers only the
        # organisation's own measures, so a foreign id is simply not shown).
        initial["measures"] = [int(request.GET["measure"])]
    form = ProcurementCreateForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            procurement = services.procurement_create(
                actor=request.user, organisation=organisation, title=data["title"],
                subject=data["subject"], estimated_value=data["estimated_value"],
                catalog_key=data["catalog_key"], evb_it_type=data["evb_it_type"],
                measures=data["measures"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The procurement has been created as a draft."))
            return _to_detail(request, procurement)
    return TemplateResponse(request, "procurement/create.html", {"form": form})


@organisation_view(VIEW)
@require_GET
def procurement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A procurement: figures, procedure hint, contract type, versions, requirements, bids."""
    procurement = _procurement(request, pk)
    language = content_language()
    latest = selectors.latest_specification(procurement=procurement)
    published = selectors.published_specification(procurement=procurement)
    return TemplateResponse(
        request,
        "procurement/detail.html",
        {
            "procurement": procurement,
            "procedure_hint": selectors.procedure_hint(
                procurement=procurement, day=timezone.localdate(), language=language
            ),
            "evb_it": selectors.evb_it_type(procurement.evb_it_type),
            "evb_it_use": (
                evb.use_when.get(language)
                if (evb := selectors.evb_it_type(procurement.evb_it_type))
                else ""
            ),
            "evb_it_source": catalogs.load_evb_it(),
            "latest_version": latest,
            "published_version": published,
            "spec_versions": procurement.versions.order_by("-number"),
            "requirement_groups": selectors.requirement_groups(
                specification=latest, language=language
            )
            if latest
            else [],
            "requirement_totals": selectors.specification_totals(specification=latest)
            if latest
            else {},
            "spec_lots": latest.lots.all() if latest else [],
            "served_measures": procurement.measures.order_by("number"),
            "bid_count": procurement.bids.count(),
            "can_manage": _can(request),
            "downloads": _downloads(request, procurement, published),
        },
    )


def _downloads(request, procurement, published) -> list:
    if published is None:
        return []
    kwargs = {"pk": procurement.pk}
    offers = [
        Offer("procurement:specification", _("Leistungsverzeichnis"),
              description=_("The published specification for the tender documents."),
              kwargs=kwargs),
        Offer("procurement:answer_sheet", _("Bidder answer sheet"),
              description=_("One row per requirement; bidders fill it in and return it."),
              kwargs=kwargs),
    ]  # fmt: skip
    if hasattr(procurement, "evaluation"):
        offers.append(
            Offer("procurement:report", _("Evaluation report (Vergabevermerk)"),
                  description=_("Method, weights, every score, exclusions, ranking, "
                                "sensitivity and sign-offs."), kwargs=kwargs)
        )  # fmt: skip
    return downloads(request, *offers)


@organisation_view(MANAGE)
@require_http_methods(["GET", "POST"])
def procurement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the texts, the value, the contract type and the measures served."""
    procurement = _procurement(request, pk)
    form = ProcurementForm(
        request.POST or None, instance=procurement, organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.procurement_update(
                actor=request.user, procurement=procurement, version=data.get("version"),
                measures=data["measures"],
                **{k: data[k] for k in services.PROCUREMENT_FIELDS if k in data},
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return _to_detail(request, procurement)
    return TemplateResponse(
        request, "procurement/edit.html", {"procurement": procurement, "form": form}
    )


@organisation_view(MANAGE)
@require_GET
def requirements(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the draft's requirements and lots: change, add, remove."""
    procurement = _procurement(request, pk)
    draft = selectors.draft_specification(procurement=procurement)
    return TemplateResponse(
        request,
        "procurement/requirements.html",
        {
            "procurement": procurement,
            "draft_version": draft,
            "requirement_groups": selectors.requirement_groups(specification=draft)
            if draft
            else [],
            "requirement_totals": selectors.specification_totals(specification=draft)
            if draft
            else {},
            "requirement_form": RequirementForm(initial={"kind": "B", "weight": 5}),
            "lot_form": LotForm(),
            "spec_lots": draft.lots.all() if draft else [],
        },
    )


def _draft_or_message(request, procurement):
    draft = selectors.draft_specification(procurement=procurement)
    if draft is None:
        messages.error(request, _("Every version is published and frozen; start a new version."))
    return draft


@organisation_view(MANAGE)
@require_POST
def requirement_add(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    draft = _draft_or_message(request, procurement)
    form = RequirementForm(request.POST)
    if draft is not None and form.is_valid():
        try:
            services.requirement_add(actor=request.user, specification=draft, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The requirement has been added."))
            return redirect("procurement:requirements", request.organisation.slug, procurement.pk)
    if draft is None:
        return _to_detail(request, procurement)
    return TemplateResponse(
        request,
        "procurement/requirements.html",
        {
            "procurement": procurement, "draft_version": draft,
            "requirement_groups": selectors.requirement_groups(specification=draft),
            "requirement_totals": selectors.specification_totals(specification=draft),
            "requirement_form": form, "lot_form": LotForm(), "spec_lots": draft.lots.all(),
        },
        status=400,
    )  # fmt: skip


def _requirement(request, procurement, rid) -> Requirement:
    return get_scoped_or_404(
        Requirement.objects.select_related("specification"),
        request.organisation, pk=rid, specification__procurement=procurement,
    )  # fmt: skip


@organisation_view(MANAGE)
@require_http_methods(["GET", "POST"])
def requirement_edit(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    requirement = _requirement(request, procurement, rid)
    form = RequirementForm(request.POST or None, instance=requirement)
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_update(
                actor=request.user, requirement=requirement,
                **{name: form.cleaned_data[name] for name in services.REQUIREMENT_FIELDS},
            )  # fmt: skip
        except ValidationError as error:
            requirement.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("procurement:requirements", request.organisation.slug, procurement.pk)
    return TemplateResponse(
        request,
        "procurement/requirement_form.html",
        {
            "procurement": procurement,
            "requirement": requirement,
            "form": form,
            "requirement_frozen": requirement.specification.is_frozen,
        },
    )


@organisation_view(MANAGE)
@require_POST
def requirement_delete(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    requirement = _requirement(request, procurement, rid)
    try:
        services.requirement_delete(actor=request.user, requirement=requirement)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The requirement has been removed."))
    return redirect("procurement:requirements", request.organisation.slug, procurement.pk)


@organisation_view(MANAGE)
@require_POST
def lot_add(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    draft = _draft_or_message(request, procurement)
    form = LotForm(request.POST)
    if draft is not None:
        if form.is_valid():
            try:
                services.lot_add(
                    actor=request.user, specification=draft, title=form.cleaned_data["title"]
                )
            except ValidationError as error:
                _error_messages(request, error)
        else:
            messages.error(request, _("Name the lot."))
    return redirect("procurement:requirements", request.organisation.slug, procurement.pk)


@organisation_view(MANAGE)
@require_POST
def lot_delete(request: HttpRequest, pk: int, lot_id: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    lot = get_scoped_or_404(Lot, request.organisation, pk=lot_id,
                            specification__procurement=procurement)  # fmt: skip
    try:
        services.lot_delete(actor=request.user, lot=lot)
    except ValidationError as error:
        _error_messages(request, error)
    return redirect("procurement:requirements", request.organisation.slug, procurement.pk)


@organisation_view(MANAGE)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the draft: it is frozen from now on."""
    procurement = _procurement(request, pk)
    draft = _draft_or_message(request, procurement)
    if draft is not None:
        try:
            services.specification_publish(actor=request.user, specification=draft)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(
                request,
                _("Version %(number)d is published and frozen. The answer sheet for bidders "
                  "can now be downloaded.") % {"number": draft.number},
            )  # fmt: skip
    return _to_detail(request, procurement)


@organisation_view(MANAGE)
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    try:
        draft = services.specification_new_draft(actor=request.user, procurement=procurement)
    except ValidationError as error:
        _error_messages(request, error)
        return _to_detail(request, procurement)
    messages.success(request, _("Version %(number)d is a new draft.") % {"number": draft.number})
    return redirect("procurement:requirements", request.organisation.slug, procurement.pk)


# Bids ------------------------------------------------------------------------------------------


@organisation_view(VIEW)
@require_GET
def bids(request: HttpRequest, pk: int) -> HttpResponse:
    """The bids with their prices, and the upload of a filled answer sheet."""
    procurement = _procurement(request, pk)
    return _bids_page(request, procurement, BidUploadForm())


def _bids_page(request, procurement, form, errors=(), status=200) -> HttpResponse:
    rows = [(bid, selectors.bid_total(bid)) for bid in selectors.bids_of(procurement=procurement)]
    return TemplateResponse(
        request,
        "procurement/bids.html",
        {
            "procurement": procurement,
            "published_version": selectors.published_specification(procurement=procurement),
            "bid_rows": rows,
            "form": form,
            "row_errors": errors,
            "can_manage": _can(request),
            "evaluation_frozen": bool(
                getattr(procurement, "evaluation", None) and procurement.evaluation.is_frozen
            ),  # fmt: skip
        },
        status=status,
    )


@organisation_view(MANAGE)
@require_POST
def bid_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a bid from its answer sheet: all of it, or nothing with every bad row named."""
    procurement = _procurement(request, pk)
    form = BidUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _bids_page(request, procurement, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > 5 * 1024 * 1024:
            raise TableFileError(
                _("%(file)s: the file is larger than 5 MB.") % {"file": upload.name}
            )
        parsed = sheets.parse_answer_sheet(
            procurement=procurement, data=upload.read(), filename=upload.name
        )
        bid = services.bid_import(actor=request.user, procurement=procurement, parsed=parsed)
    except RowsError as error:
        form.add_error("file", error.summary)
        return _bids_page(request, procurement, form, format_row_errors(error.errors), 400)
    except TableFileError as error:
        form.add_error("file", str(error))
        return _bids_page(request, procurement, form, status=400)
    except ValidationError as error:
        add_service_errors(form, error)
        return _bids_page(request, procurement, form, status=400)
    messages.success(
        request, _("The bid of %(bidder)s has been imported.") % {"bidder": bid.bidder}
    )
    return redirect("procurement:bids", request.organisation.slug, procurement.pk)


def _bid(request, procurement, bid_id) -> Bid:
    return get_scoped_or_404(Bid, request.organisation, pk=bid_id, procurement=procurement)


@organisation_view(VIEW)
@require_GET
def bid_detail(request: HttpRequest, pk: int, bid_id: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    bid = _bid(request, procurement, bid_id)
    return TemplateResponse(
        request,
        "procurement/bid_detail.html",
        {
            "procurement": procurement,
            "bid": bid,
            "bid_total": selectors.bid_total(bid),
            "bid_prices": bid.prices.select_related("lot").order_by("lot__number"),
            "bid_answers": selectors.bid_answers(bid=bid),
            "can_manage": _can(request),
        },
    )


@organisation_view(MANAGE)
@require_POST
def bid_delete(request: HttpRequest, pk: int, bid_id: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    bid = _bid(request, procurement, bid_id)
    try:
        services.bid_delete(actor=request.user, bid=bid)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The bid has been deleted."))
    return redirect("procurement:bids", request.organisation.slug, procurement.pk)


@organisation_view(VIEW)
@require_GET
@serves_document
def answer_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The answer sheet of the newest published version, for bidders."""
    procurement = _procurement(request, pk)
    published = selectors.published_specification(procurement=procurement)
    if published is None:
        raise Http404
    response = HttpResponse(
        sheets.build_answer_sheet(published),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{sheets.sheet_filename(published)}"'
    return response


# Evaluation -----------------------------------------------------------------------------------


def _method_form(evaluation) -> MethodForm:
    if evaluation is None:
        return MethodForm(initial={"method": "simple"})
    return MethodForm(initial={"method": evaluation.method, **evaluation.parameters})


@organisation_view(VIEW)
@require_GET
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The evaluation: method as announced, points, exclusions, the ranking with the full
    calculation, the sensitivity, and the sign-offs."""
    procurement = _procurement(request, pk)
    result = selectors.evaluation_result(procurement=procurement)
    return _evaluation_page(request, procurement, result, _method_form(result.evaluation))


def _evaluation_page(request, procurement, result, method_form, status=200) -> HttpResponse:
    signed_by_me = any(s.user_id == request.user.pk for s in result.signoffs)
    return TemplateResponse(
        request,
        "procurement/evaluation.html",
        {
            "procurement": procurement,
            "evaluation_result": result,
            "method_form": method_form,
            "can_manage": _can(request),
            "can_sign": _can(request, SIGN)
            and not signed_by_me
            and result.complete
            and result.evaluation is not None
            and not result.evaluation.is_frozen,
            "signed_by_me": signed_by_me,
            "ranking_rows": presentation.calculation_rows(result, content_language()),
            "margin_rows": presentation.sensitivity_rows(result, content_language()),
            "robust_count": presentation.robust_count(result),
            "method_text": presentation.method_text(result.parameters, content_language())
            if result.parameters
            else "",
            "downloads": _downloads(request, procurement, result.specification),
        },
        status=status,
    )


@organisation_view(MANAGE)
@require_POST
def evaluation_method(request: HttpRequest, pk: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    form = MethodForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_configure(
                actor=request.user, procurement=procurement,
                method=form.cleaned_data["method"], parameters=form.parameters(),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The method has been saved."))
            return redirect("procurement:evaluation", request.organisation.slug, procurement.pk)
    result = selectors.evaluation_result(procurement=procurement)
    return _evaluation_page(request, procurement, result, form, status=400)


@organisation_view(MANAGE)
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, pk: int, bid_id: int) -> HttpResponse:
    """Points 0–10 for one bid per B requirement, and its exclusion."""
    procurement = _procurement(request, pk)
    bid = _bid(request, procurement, bid_id)
    evaluation = getattr(procurement, "evaluation", None)
    b_requirements = bid.specification.requirements.filter(kind="B").order_by("position")
    existing = {}
    exclusion = None
    if evaluation is not None:
        existing = {
            f"points_{s.requirement_id}": s.points for s in bid.scores.filter(evaluation=evaluation)
        }
        exclusion = Exclusion.objects.filter(evaluation=evaluation, bid=bid).first()
    form = ScoreForm(request.POST or None, requirements=b_requirements, initial=existing)
    if request.method == "POST":
        if evaluation is None:
            messages.error(request, _("Choose the evaluation method first."))
            return redirect("procurement:evaluation", request.organisation.slug, procurement.pk)
        if form.is_valid():
            try:
                services.scores_update(
                    actor=request.user, evaluation=evaluation, bid=bid, points=form.points()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The points of %(bidder)s have been saved.")
                                 % {"bidder": bid.bidder})  # fmt: skip
                return redirect("procurement:evaluation", request.organisation.slug, procurement.pk)
    answers = {a.requirement_id: a for a in bid.answers.all()}
    return TemplateResponse(
        request,
        "procurement/score.html",
        {
            "procurement": procurement,
            "bid": bid,
            "open_evaluation": evaluation,
            "form": form,
            "score_rows": [(form[f"points_{r.pk}"], r, answers.get(r.pk)) for r in b_requirements],
            "bid_exclusion": exclusion,
            "exclusion_form": ExclusionForm(
                specification=bid.specification,
                initial={"requirement": exclusion.requirement_id, "reason": exclusion.reason}
                if exclusion
                else None,
            ),
            "a_answers": [a for a in answers.values() if a.requirement.kind == "A"],
        },
        status=400 if request.method == "POST" else 200,
    )


@organisation_view(MANAGE)
@require_POST
def exclude(request: HttpRequest, pk: int, bid_id: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    bid = _bid(request, procurement, bid_id)
    evaluation = getattr(procurement, "evaluation", None)
    form = ExclusionForm(request.POST, specification=bid.specification)
    if evaluation is None:
        messages.error(request, _("Choose the evaluation method first."))
    elif form.is_valid():
        try:
            services.exclusion_set(
                actor=request.user, evaluation=evaluation, bid=bid,
                requirement=form.cleaned_data["requirement"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("%(bidder)s has been excluded.") % {"bidder": bid.bidder})
            return redirect("procurement:evaluation", request.organisation.slug, procurement.pk)
    else:
        messages.error(request, _("Give the reason for the exclusion."))
    return redirect("procurement:score", request.organisation.slug, procurement.pk, bid.pk)


@organisation_view(MANAGE)
@require_POST
def readmit(request: HttpRequest, pk: int, bid_id: int) -> HttpResponse:
    procurement = _procurement(request, pk)
    bid = _bid(request, procurement, bid_id)
    exclusion = Exclusion.objects.filter(bid=bid, organisation=request.organisation).first()
    if exclusion is not None:
        try:
            services.exclusion_remove(actor=request.user, exclusion=exclusion)
        except ValidationError as error:
            _error_messages(request, error)
    return redirect("procurement:evaluation", request.organisation.slug, procurement.pk)


@organisation_view(SIGN)
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign the evaluation off (four eyes: the second signer must be another person)."""
    procurement = _procurement(request, pk)
    evaluation = getattr(procurement, "evaluation", None)
    if evaluation is None:
        messages.error(request, _("Choose the evaluation method first."))
    else:
        try:
            services.evaluation_sign(actor=request.user, evaluation=evaluation)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            evaluation.refresh_from_db()
            messages.success(
                request,
                _("Signed off and frozen.") if evaluation.is_frozen
                else _("Signed off. A second person has to sign off too."),
            )  # fmt: skip
    return redirect("procurement:evaluation", request.organisation.slug, procurement.pk)
