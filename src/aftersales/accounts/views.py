"""Web screens of the accounts domain: sign-in and sign-out, and user administration (R-ORG-2/3)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from aftersales.accounts import services
from aftersales.accounts.forms import LoginForm, PasswordChangeForm, UserFilterForm, UserForm
from aftersales.accounts.models import User, project_model
from aftersales.core import scoping
from aftersales.core.errors import DomainError
from aftersales.core.permissions import can
from aftersales.core.web import need, show_error, visible_or_404

PER_PAGE = 25


def _projects_for(user):
    """The projects the user may hand out as a data scope: those in his own scope."""
    return scoping.visible_to(project_model().objects.all(), user).order_by("code")


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    """Sign in; repeated failures lock the username for a while (services.login_attempt)."""
    if request.user.is_authenticated and request.method != "POST":
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_attempt(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.LoginLocked as exc:
            form.add_error(None, exc.detail)
        else:
            if user is None:
                form.add_error(None, _("用户名或密码错误"))
            else:
                auth_login(request, user)
                return redirect(_safe_next(request))
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@require_POST
def logout_view(request):
    auth_logout(request)
    messages.info(request, _("您已安全退出"))
    return redirect("login")


# --- users -----------------------------------------------------------------------------------


@login_required
def user_list(request):
    need(request, "users.view")
    filters = UserFilterForm(request.GET or None)
    users = scoping.visible_to(User.objects.all(), request.user)
    if filters.is_valid():
        q = filters.cleaned_data["q"].strip()
        if q:
            users = users.filter(
                Q(username__icontains=q) | Q(name__icontains=q) | Q(phone__contains=q)
            )
        if filters.cleaned_data["role"]:
            users = users.filter(roles__code=filters.cleaned_data["role"]).distinct()
    users = users.select_related("department").prefetch_related("roles", "projects")
    page_obj = Paginator(users.order_by("username"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "can_manage": can(request.user, "users.manage"),
        },
    )


@login_required
def user_create(request):
    need(request, "users.manage")
    form = UserForm(request.POST or None, projects=_projects_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(request.user, **form.service_kwargs())
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("已创建用户“%(name)s”") % {"name": user.display_name})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": False})


@login_required
def user_edit(request, pk: int):
    need(request, "users.manage")
    target = visible_or_404(User.objects.all(), request, pk=pk)
    # The actor's projects plus the ones the user already has, so that saving never drops a
    # project the actor cannot see.
    choices = (
        project_model()
        .objects.filter(
            Q(id__in=_projects_for(request.user).values("id"))
            | Q(id__in=target.projects.values("id"))
        )
        .order_by("code")
    )
    form = UserForm(
        request.POST or None, projects=choices, editing=True, initial=UserForm.initial_for(target)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.user, target, **form.service_kwargs())
        except DomainError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("已保存用户“%(name)s”") % {"name": target.display_name})
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "editing": True,
            "target": target,
            # With a per-process cache, other processes keep a token for up to this long.
            "token_cache_delay": 0 if settings.REDIS_URL else settings.API_AUTH_CACHE_SECONDS,
        },
    )


@sensitive_post_parameters("current_password", "new_password", "confirm")
@login_required
def password_change(request):
    """The signed-in user's own password (user menu → 修改密码): the same service as
    ``POST /me/password``; this browser stays signed in, every API token ends."""
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change_own_password(
                    request.user,
                    current_password=form.cleaned_data["current_password"],
                    new_password=form.cleaned_data["new_password"],
                )
            except DomainError as exc:
                show_error(form, exc)
            else:
                update_session_auth_hash(request, request.user)
                messages.success(request, _("密码已修改，您的接口令牌已全部失效"))
                return redirect("home")
        status = 422
    return render(request, "accounts/password_change.html", {"form": form}, status=status)
