"""Scope fails closed (R-ORG-3): a model must declare its data scope.

The system check ``aftersales.S001`` refuses a model of the project's apps that declares none
(Django's own and third-party models are exempt), and ``visible_to`` / ``in_scope`` raise
ImproperlyConfigured for it instead of showing its rows to everyone.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps

from aftersales.core import scoping

# Throw-away models of an isolated registry need no __str__.
# ruff: noqa: DJ008


def test_every_model_of_the_project_declares_its_scope():
    assert scoping.check_scopes() == []
    ours = [m for m in apps.get_models() if m._meta.app_config.name.startswith("aftersales.")]
    assert len(ours) > 40
    assert all(scoping.declares_scope(m) for m in ours)


def test_the_check_is_registered():
    assert scoping.check_scopes in checks.registry.registry.get_checks()


def test_the_check_fails_for_an_undeclared_model():
    with isolate_apps("aftersales.core") as registry:

        class Undeclared(models.Model):
            class Meta:
                app_label = "core"

        class Reference(models.Model):
            SCOPE_GLOBAL = True

            class Meta:
                app_label = "core"

        class Scoped(models.Model):
            SCOPE_PROJECT = "project_id"
            project_id = models.IntegerField()

            class Meta:
                app_label = "core"

        errors = scoping.check_scopes(app_configs=registry.get_app_configs())
    assert [(e.id, e.obj) for e in errors] == [("aftersales.S001", Undeclared)]
    assert "declares no data scope" in errors[0].msg


def test_django_and_third_party_models_are_exempt():
    with isolate_apps("django.contrib.auth") as registry:

        class Plain(models.Model):
            class Meta:
                app_label = "auth"

        assert scoping.check_scopes(app_configs=registry.get_app_configs()) == []


def test_visible_to_raises_for_an_undeclared_model(admin, anonymous):
    with isolate_apps("aftersales.core"):

        class Undeclared(models.Model):
            class Meta:
                app_label = "core"

        for user in (admin, anonymous, None):
            with pytest.raises(ImproperlyConfigured, match="declares no data scope"):
                scoping.visible_to(Undeclared.objects.all(), user)
        with pytest.raises(ImproperlyConfigured):
            scoping.in_scope(Undeclared(pk=1), admin)
