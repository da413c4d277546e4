"""Generic views for plain records, with scoping built in (never an unscoped queryset).

A list view shows ``Model.objects.for_user(user, "view")``; create and edit views
require ``action`` and limit every foreign-key choice to the user's scope for that
action, then re-check the saved object's unit inside the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelChoiceField, ModelForm, ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic
from django.views.generic.edit import ModelFormMixin

from tiepcan.core.scoping import ScopedQuerySet, get_for_user_or_404, grants_for, scoped_rows, user_can
from tiepcan.core.shortcuts import PAGE_SIZE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ActionRequiredMixin(LoginRequiredMixin):
    action = "view"
    raise_exception = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not grants_for(request.user).has_any(self.action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedListView(ActionRequiredMixin, generic.ListView):
    paginate_by = PAGE_SIZE
    page_kwarg = "trang"

    def get_queryset(self) -> ScopedQuerySet:
        return scoped_rows(self._scoped_model()).for_user(self.request.user, self.action)

    def _scoped_model(self) -> type[models.Model]:
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} names no model")
        return self.model


def scope_form_choices(form: Any, user: Any, action: str) -> None:
    """Limit every model choice field to rows the user may act on."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField | ModelMultipleChoiceField) and field.queryset is not None:
            manager = field.queryset.model.objects
            if hasattr(manager, "for_user"):
                # Narrow the form's own queryset (not the other way round) so that its ordering
                # and select_related survive: a label reading a parent must not query per row.
                allowed = manager.for_user(user, action).values("pk")
                field.queryset = field.queryset.filter(pk__in=allowed)


class ScopedFormMixin(ActionRequiredMixin, ModelFormMixin):
    request: HttpRequest  # set by View.setup, as in the views this mixin goes with
    success_message: StrOrPromise = ""

    def get_form(self, form_class: type[ModelForm[Any]] | None = None) -> ModelForm[Any]:
        form = super().get_form(form_class)
        scope_form_choices(form, self.request.user, self.action)
        return form

    def form_valid(self, form: ModelForm[Any]) -> HttpResponse:
        with transaction.atomic():
            self.object = form.save()
            # Re-check inside the transaction: the saved row must sit inside the user's scope.
            if not user_can(self.request.user, self.action, self.object):
                raise PermissionDenied
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def form_invalid(self, form: ModelForm[Any]) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ScopedCreateView(ScopedFormMixin, generic.CreateView):
    pass


class ScopedUpdateView(ScopedFormMixin, generic.UpdateView):
    def get_object(self, queryset: QuerySet[Any] | None = None) -> models.Model:
        return get_for_user_or_404(
            scoped_rows(self.model), self.request.user, self.action, pk=self.kwargs["pk"]
        )


class ScopedDetailView(ActionRequiredMixin, generic.DetailView):
    def get_object(self, queryset: QuerySet[Any] | None = None) -> models.Model:
        return get_for_user_or_404(scoped_rows(self.model), self.request.user, "view", pk=self.kwargs["pk"])


__all__ = ["ScopedCreateView", "ScopedDetailView", "ScopedListView", "ScopedUpdateView", "_"]
