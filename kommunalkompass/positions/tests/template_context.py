"""Context for rendering the positions templates in the template test (tests/test_templates.py)."""

from kommunalkompass.positions import selectors
from kommunalkompass.positions.documents import advertisement, advertisement_text, hint_sentence
from kommunalkompass.positions.extensions import staff_capacity
from kommunalkompass.positions.forms import (
    NewPostForm,
    PostForm,
    RoleNeedForm,
    SettingsForm,
    process_formset,
)
from kommunalkompass.strategy.models import Strategy
from kommunalkompass.strategy.tests.factories import MeasureFactory

from .factories import RoleNeedFactory, described_post


def extend(context: dict) -> None:
    organisation = context["current_organisation"]
    post = described_post(organisation, leads="IT-Team")
    strategy = Strategy.objects.get(organisation=organisation)
    need = RoleNeedFactory(measure=MeasureFactory(strategy=strategy, number=98))
    rows = selectors.post_rows(organisation=organisation, language="de")
    post = selectors.post_queryset(organisation=organisation).get(pk=post.pk)
    description = selectors.current_description(post)
    hint = selectors.hint_for(post, description, "de")
    rules = selectors.rules_for(post)
    ad = advertisement(organisation=organisation, post=post)
    section_needs = selectors.measure_needs(measure=need.measure)
    context.update(
        {
            "existing": rows,
            "plans": selectors.planned_by_year(organisation=organisation, rows=rows),
            "templates": selectors.templates("de"),
            "language": "de",
            "post": post,
            "description": description,
            "processes": [
                {"process": p, "features": ["Merkmal"]} for p in description.processes.all()
            ],
            "competences": [{"name": "Netze", "level": 2, "label": "fundiert"}],
            "hint": hint,
            "hint_sentence": hint_sentence(hint),
            "rules": rules,
            "rules_label": rules.label("de"),
            "versions": selectors.version_list(post=post),
            "deputised_by": [],
            "template_title": "IT-Systemadministrator/in",
            "is_current": False,
            "formset": process_formset(rules_key=post.rules_key),
            "process_errors": ["Die Zeitanteile ergeben 90 %, nicht 100 %."],
            "ad": ad,
            "text": advertisement_text(ad),
            "measure": need.measure,
            "need": need,
            "needs": section_needs,
            "check": hint.result,
            "rows": rows,
            "caption": "Stellen",
            "new_post_form": NewPostForm(organisation=organisation),
            "edit_form": PostForm(organisation=organisation, post=post, description=description),
            "need_form": RoleNeedForm(),
            "settings_form": SettingsForm(),
            "capacity": staff_capacity(strategy),
        }
    )
    # The measure-page sections of several modules share the name "section" (strategy's
    # measure page includes each with its own context): the keys are merged, not replaced.
    context.setdefault("section", {}).update({"measure": need.measure, "needs": section_needs})
