"""Arguments of the procurement URLs for the tenancy matrix (tests/test_tenancy_matrix.py)."""

from kommunalkompass.procurement import services

from .factories import import_bid, make_published


def _evaluated(organisation):
    """A published procurement with a bid and an evaluation method chosen (cached per
    organisation: every URL of the matrix gets the same objects)."""
    cache = organisation.__dict__.setdefault("_procurement_matrix", {})
    if not cache:
        specification = make_published(organisation)
        bid = import_bid(specification, "Matrix GmbH", 1000)
        services.evaluation_configure(
            actor=None, procurement=specification.procurement, method="simple", parameters={}
        )
        draft = services.specification_new_draft(actor=None, procurement=specification.procurement)
        cache.update(
            procurement=specification.procurement,
            bid=bid,
            requirement=draft.requirements.first(),
            lot=draft.lots.first(),
        )
    return cache


def _pk(organisation):
    return {"pk": _evaluated(organisation)["procurement"].pk}


def _bid(organisation):
    data = _evaluated(organisation)
    return {"pk": data["procurement"].pk, "bid_id": data["bid"].pk}


def _requirement(organisation):
    data = _evaluated(organisation)
    return {"pk": data["procurement"].pk, "rid": data["requirement"].pk}


def _lot(organisation):
    data = _evaluated(organisation)
    return {"pk": data["procurement"].pk, "lot_id": data["lot"].pk}


URL_KWARGS = {
    **{
        f"procurement:{name}": _pk
        for name in (
            "detail",
            "edit",
            "requirements",
            "requirement_add",
            "lot_add",
            "publish",
            "new_version",
            "bids",
            "bid_upload",
            "answer_sheet_xlsx",
            "evaluation",
            "evaluation_method",
            "sign",
            "specification_pdf",
            "specification_docx",
            "report_pdf",
            "report_docx",
        )
    },  # fmt: skip
    **{
        f"procurement:{name}": _bid for name in ("bid", "bid_delete", "score", "exclude", "readmit")
    },
    "procurement:requirement_edit": _requirement,
    "procurement:requirement_delete": _requirement,
    "procurement:lot_delete": _lot,
}

API_PARAMS = {
    "procurement_id": lambda organisation: _evaluated(organisation)["procurement"].pk,
}
