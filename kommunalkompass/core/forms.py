from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: at the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# KERN's class for each kind of form control (static/vendor/kern): every widget a Django form
# renders gets it, with KERN's "--error" variant while the field has an error.
_KERN_CHECK_CLASSES = {"checkbox": "kern-form-check__checkbox", "radio": "kern-form-check__radio"}


def kern_widget_class(widget: forms.Widget, *, error: bool = False) -> str:
    """KERN's class for a widget's control(s), or "" for those KERN does not style (hidden
    fields, multiple selection lists)."""
    if widget.is_hidden or isinstance(widget, forms.SelectMultiple):
        return ""
    if isinstance(widget, forms.Select):
        name = "kern-form-input__select"
    else:
        name = _KERN_CHECK_CLASSES.get(getattr(widget, "input_type", ""), "kern-form-input__input")
    return f"{name} {name}--error" if error else name


class KernBoundField(forms.BoundField):
    """A form field whose widget carries KERN's classes (``includes/form.html`` adds the
    label, hint and error markup around it). Classes a form sets on a widget are kept."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        kern = kern_widget_class(widget, error=bool(self.errors))
        if kern:
            own = attrs.get("class") or widget.attrs.get("class") or ""
            attrs["class"] = f"{kern} {own}".strip()
        return attrs


class KernFormRenderer(TemplatesSetting):
    """The project's form renderer (settings.FORM_RENDERER): KERN's classes on every widget,
    and the project's templates first, so that ``templates/django/forms/widgets/`` can lay
    out checkbox and radio options as KERN does (input and label side by side)."""

    bound_field_class = KernBoundField
