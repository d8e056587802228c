"""Sign-in by mobile number and a text code (R-SS-1), through the registered providers."""

from __future__ import annotations

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftersales.core.errors import DomainError
from aftersales.portal import auth
from aftersales.portal.forms import CodeForm, PhoneForm

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "portal:home"


def login(request):
    """Step 1: the number (a code is sent); step 2: the code (signed in)."""
    if request.user.is_authenticated and request.user.customer_id and request.method != "POST":
        return redirect("portal:home")
    provider = auth.provider("sms")
    step = request.POST.get("step", "phone")
    phone_form = PhoneForm(request.POST if step == "phone" else None)
    code_form = CodeForm(request.POST if step == "code" else None)
    sent = False
    if request.method == "POST" and step == "phone" and phone_form.is_valid():
        phone = phone_form.cleaned_data["phone"]
        try:
            provider.start(request, phone=phone)
        except DomainError as exc:
            phone_form.add_error("phone" if exc.fields else None, exc.detail)
        else:
            sent = True
            code_form = CodeForm(initial={"phone": phone})
    elif request.method == "POST" and step == "code":
        sent = True
        if code_form.is_valid():
            try:
                user = provider.finish(
                    request,
                    phone=code_form.cleaned_data["phone"],
                    code=code_form.cleaned_data["code"],
                )
            except DomainError as exc:
                code_form.add_error("code" if exc.fields else None, exc.detail)
            else:
                auth_login(request, user, backend=BACKEND)
                return redirect(_next(request))
    return render(
        request,
        "portal/login.html",
        {
            "phone_form": phone_form,
            "code_form": code_form,
            "sent": sent,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "title": _("业主登录"),
        },
    )


@require_POST
def logout(request):
    auth_logout(request)
    return redirect("portal:login")
