"""The trust store page (system administrators) and the verification of one evidence file (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.assessments.models import Evidence
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.signatures import services
from tiepcan.signatures.forms import CertificateImportForm, CrlImportForm
from tiepcan.signatures.guidance import FINGERPRINT_STEPS, VIETNAMESE_ROOTS
from tiepcan.signatures.models import RevocationList, TrustedCertificate, TrustStoreState


def _page(
    request: HttpRequest,
    cert_form: CertificateImportForm | None = None,
    crl_form: CrlImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    crls = list(RevocationList.objects.for_user(request.user, Action.MANAGE_TRUST_STORE).defer("der"))
    for crl in crls:
        crl.is_out_of_date = crl.out_of_date(now)
    context = {
        "certificates": TrustedCertificate.objects.for_user(request.user, Action.MANAGE_TRUST_STORE)
        .defer("der")
        .select_related("imported_by"),
        "crls": crls,
        "stale_crls": [c for c in crls if c.is_out_of_date],
        "cert_form": cert_form or CertificateImportForm(prefix="cert"),
        "crl_form": crl_form or CrlImportForm(prefix="crl"),
        "roots": VIETNAMESE_ROOTS,
        "steps": FINGERPRINT_STEPS,
        "version": TrustStoreState.current(),
        "now": now,
    }
    return render(request, "signatures/trust_store.html", context, status=status)


@require_action(Action.MANAGE_TRUST_STORE)
def trust_store(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_action(Action.MANAGE_TRUST_STORE)
@require_POST
def certificate_import(request: HttpRequest) -> HttpResponse:
    form = CertificateImportForm(request.POST, request.FILES, prefix="cert")
    if form.is_valid():
        try:
            row = services.import_certificate(
                data=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                source=form.cleaned_data["source"],
                user=request.user,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("Đã nhập chứng thư “%(s)s”. Hãy đối chiếu dấu vân tay SHA-256 %(f)s với nơi công bố.")
                % {"s": row.subject, "f": row.fingerprint},
            )
            return redirect("signatures:trust_store")
    return _page(request, cert_form=form, status=400)


@require_action(Action.MANAGE_TRUST_STORE)
@require_POST
def crl_import(request: HttpRequest) -> HttpResponse:
    form = CrlImportForm(request.POST, request.FILES, prefix="crl")
    if form.is_valid():
        try:
            row = services.import_crl(
                data=form.cleaned_data["file"], source=form.cleaned_data["source"], user=request.user
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã nhập danh sách thu hồi của “%(s)s”.") % {"s": row.issuer})
            if row.out_of_date():
                messages.warning(request, _("Danh sách này đã quá hạn cập nhật: hãy tải bản mới hơn."))
            return redirect("signatures:trust_store")
    return _page(request, crl_form=form, status=400)


@require_action(Action.MANAGE_TRUST_STORE)
@require_POST
def certificate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if (
        not TrustedCertificate.objects.for_user(request.user, Action.MANAGE_TRUST_STORE)
        .filter(pk=pk)
        .exists()
    ):
        raise Http404
    services.remove_certificate(pk=pk)
    messages.success(request, _("Đã xoá chứng thư khỏi kho; các tệp sẽ được kiểm tra lại."))
    return redirect("signatures:trust_store")


@require_action(Action.MANAGE_TRUST_STORE)
@require_POST
def crl_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not RevocationList.objects.for_user(request.user, Action.MANAGE_TRUST_STORE).filter(pk=pk).exists():
        raise Http404
    services.remove_crl(pk=pk)
    messages.success(request, _("Đã xoá danh sách thu hồi; các tệp sẽ được kiểm tra lại."))
    return redirect("signatures:trust_store")


@require_action(Action.VIEW_ASSESSMENTS)
def evidence_verification(request: HttpRequest, pk: int) -> HttpResponse:
    """The verification of one evidence file, for the badge beside it (polled while pending)."""

    evidence = (
        Evidence.objects.for_user(request.user, Action.VIEW)
        .select_related("verification", "assessment__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    return render(
        request,
        "signatures/partials/verification.html",
        {"e": evidence, "trust_version": TrustStoreState.current()},
    )
