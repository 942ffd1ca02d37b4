"""Every date field of every form shows its date in the one format a browser accepts.

A browser's ``<input type="date">`` takes only ISO 8601 (``2025-12-31``); given the German
``31.12.2025`` it shows an empty field, and the next save erases the date. The forms are
found by importing every module of the project, so a new module's forms are checked
without touching this test. A form whose constructor needs an argument this test does not
know yet fails here with the name of the argument: add a value to the ``arguments``
fixture.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.utils import translation

import kommunalkompass
from kommunalkompass.core.widgets import DateInput, MonthInput

DAY = datetime.date(2025, 12, 31)
# What the browser's input of each type accepts for DAY; a text input gets ISO as well.
EXPECTED = {"date": "2025-12-31", "month": "2025-12", "text": "2025-12-31"}


def _project_modules():
    for info in pkgutil.walk_packages(kommunalkompass.__path__, "kommunalkompass."):
        parts = info.name.split(".")
        if "tests" in parts or "migrations" in parts or parts[-1] in ("asgi", "wsgi"):
            continue
        yield importlib.import_module(info.name)


def _form_classes() -> list[type[forms.BaseForm]]:
    found = {}
    for module in _project_modules():
        for _name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


FORMS = _form_classes()


def _required_keywords(form_class) -> list[str]:
    """Keyword-only arguments without a default, of the form and the forms it extends."""
    names = []
    for klass in form_class.__mro__:
        init = vars(klass).get("__init__")
        if init is None or not klass.__module__.startswith("kommunalkompass."):
            continue
        for parameter in inspect.signature(init).parameters.values():
            if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                names.append(parameter.name)
    return list(dict.fromkeys(names))


@pytest.fixture
def arguments(db):
    """Constructor arguments by name; ``<app>.<name>`` where apps mean different things."""
    from kommunalkompass.assessments.maturity import get_model as assessment_model
    from kommunalkompass.organisations.tests.factories import OrganisationFactory
    from kommunalkompass.ozg.maturity import get_model as ozg_model
    from kommunalkompass.strategy.tests.factories import StrategyFactory

    organisation = OrganisationFactory()
    return {
        "organisation": organisation,
        "strategy": StrategyFactory(organisation=organisation),
        "email": "person@example.org",
        "language": "de",
        "groups": ["leaders", "staff"],
        "sizes": {},
        "targets": {},
        "ratings": {},
        "assessments.model": assessment_model("full-1.0"),
        "assessments.questions": assessment_model("full-1.0").questions()[:3],
        "assessments.required": True,
        "ozg.model": ozg_model("1.1"),
    }


def _instance(form_class, arguments) -> forms.BaseForm:
    app = form_class.__module__.split(".")[1]
    values = {}
    for name in _required_keywords(form_class):
        key = f"{app}.{name}" if f"{app}.{name}" in arguments else name
        assert key in arguments, (
            f"{form_class.__qualname__} needs the argument {name!r}; add a value for it to "
            f"the arguments fixture in {__name__}"
        )
        values[name] = arguments[key]
    return form_class(**values)


def _date_fields(form):
    return [
        (name, field)
        for name, field in form.fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


def test_the_forms_were_found():
    names = {form.__name__ for form in FORMS}
    assert {"StateForm", "DutyForm", "StatusForm", "MeasureForm", "IndicatorForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: form.__qualname__)
def test_date_fields_show_iso_dates_in_german_and_read_them_back(form_class, arguments):
    with translation.override("de"):
        form = _instance(form_class, arguments)
        for name, field in _date_fields(form):
            form.initial[name] = DAY
            html = str(form[name])
            kind = getattr(field.widget, "input_type", "text")
            shown = re.search(r'value="([^"]*)"', html)
            assert shown, f"{form_class.__qualname__}.{name} shows no value: {html}"
            assert shown.group(1) == EXPECTED.get(kind, EXPECTED["text"]), (
                f"{form_class.__qualname__}.{name} shows {shown.group(1)!r} in German; a "
                f'browser\'s type="{kind}" input accepts only ISO. Use '
                "kommunalkompass.core.widgets.DateInput (or MonthInput)."
            )
            read = field.clean(shown.group(1))
            read = read.date() if isinstance(read, datetime.datetime) else read
            assert read in (DAY, DAY.replace(day=1)), (
                f"{form_class.__qualname__}.{name} does not read back {shown.group(1)!r}"
            )


def test_the_project_widgets_render_iso_whatever_the_language():
    for language in ("de", "en"):
        with translation.override(language):
            assert 'value="2025-12-31"' in DateInput().render("day", DAY)
            assert 'type="date"' in DateInput().render("day", DAY)
            assert 'value="2025-12"' in MonthInput().render("month", DAY)
            assert 'type="month"' in MonthInput().render("month", DAY)
