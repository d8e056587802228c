"""Form fields shared by every web form: dates and moments bounded by the same windows as the
API (:mod:`aftersales.core.bounds`), and text checked for what the database, Excel and PDF
cannot hold."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from aftersales.core import bounds

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def check_text(value) -> None:
    """Validator: no NUL, other C0 control characters or lone surrogates."""
    if isinstance(value, str):
        problem = bounds.text_problem(value)
        if problem:
            raise ValidationError(problem, code="bad_text")


class TextField(forms.CharField):
    """A text box whose value can be stored, exported to Excel and printed."""

    default_validators = [check_text]


class MomentField(forms.DateTimeField):
    """A date and time (read in the user's time zone) inside ``window``."""

    widget = MOMENT_INPUT

    def __init__(self, *, window: bounds.Window, **kwargs):
        self.window = window
        kwargs.setdefault("help_text", "")
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as exc:  # a year past 9999 after conversion
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def validate(self, value):
        super().validate(value)
        if value is not None:
            problem = self.window.check_moment(value, str(self.label) if self.label else None)
            if problem:
                raise ValidationError(problem, code="out_of_window")


class DayField(forms.DateField):
    """A calendar date inside ``window``."""

    widget = DATE_INPUT

    def __init__(self, *, window: bounds.Window = bounds.DATE, **kwargs):
        self.window = window
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            problem = self.window.check_date(value, str(self.label) if self.label else None)
            if problem:
                raise ValidationError(problem, code="out_of_window")
