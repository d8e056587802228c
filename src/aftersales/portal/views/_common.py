"""What every owner page shares: only a signed-in owner linked to a customer comes in."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from aftersales.core.errors import DomainError, NotFound
from aftersales.core.permissions import can


def owner_only(view):
    """Anonymous visitors go to the code sign-in; signed-in users who are not owners get 403;
    a record out of the owner's scope is 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:login')}?{query}")
        if not (can(user, "portal.use") and user.customer_id):
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.detail) from exc

    return wrapper


def form_errors(form, exc: DomainError) -> None:
    """A service's error onto the form: on its field when the form has it."""
    placed = False
    for field, problems in (exc.fields or {}).items():
        if field in form.fields:
            for problem in problems:
                form.add_error(field, problem)
            placed = True
    if not placed:
        form.add_error(None, exc.detail)
