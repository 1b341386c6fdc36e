"""The studio's consent pages: the printable consent report, overrides of the publish gate, removals, notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from curation.models import Subject
from exhibitions import consent, services
from exhibitions.models import Access
from exhibitions.views import _exhibition


def _publish_url(pk: int) -> str:
    return reverse("studio:publish", args=[pk]) + "#consent"


def _person(request: HttpRequest) -> Subject | None:
    # A person who is not in the exhibition and one who does not exist get the same answer: ids tell nothing.
    subject_id = request.POST.get("subject", "")
    if not subject_id.isdigit():
        return None
    return Subject.objects.filter(pk=int(subject_id), kind=Subject.Kind.PERSON).first()


def _not_blocking(request: HttpRequest, pk: int) -> HttpResponse:
    messages.info(request, _("Nothing to do: this person does not block publishing."))
    return redirect(_publish_url(pk))


@login_required
@require_safe
def consent_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Who appears in the exhibition, their consent and documents: for the curator, on screen or on paper."""
    exhibition, access = _exhibition(request, pk, Access.EDIT)
    report = consent.consent_report(exhibition)
    response = render(
        request,
        "exhibitions/studio/consent_report.html",
        {"exhibition": exhibition, "report": report, "can_edit": True, "tab": "consent"},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def override_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish despite a person's missing consent, with a reason kept under the curator's name."""
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    subject = _person(request)
    if subject is None:
        return _not_blocking(request, pk)
    try:
        consent.consent_override_create(
            exhibition=exhibition, subject=subject, reason=request.POST.get("reason", ""), actor=request.user
        )
    except consent.ConsentRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Override recorded for %(name)s: your reason is kept with your name.") % {"name": subject.name}
        )
    return redirect(_publish_url(pk))


@login_required
@require_POST
def override_revoke(request: HttpRequest, pk: int, override_pk: int) -> HttpResponse:
    """End an override; on a published exhibition the person's photos may leave its public page: say so."""
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    override = get_object_or_404(exhibition.consent_overrides.select_related("subject"), pk=override_pk)
    takedown = consent.consent_override_revoke(override=override, actor=request.user).takedown
    name = override.subject.name
    if takedown is None:
        messages.success(request, _("The override for %(name)s has ended.") % {"name": name})
    else:
        count = len(takedown.photos)
        messages.success(
            request,
            ngettext(
                "Override revoked: %(count)d photo of %(name)s was taken off the public page.",
                "Override revoked: %(count)d photos of %(name)s were taken off the public page.",
                count,
            )
            % {"count": count, "name": name},
        )
        if takedown.unpublished:
            messages.warning(request, _("No photo was left, so the exhibition was unpublished."))
    return redirect(_publish_url(pk))


@login_required
@require_POST
def consent_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take every photo of one person out of the draft (undo can bring them back)."""
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    subject = _person(request)
    appearance = next((a for a in consent.consent_problems(exhibition) if subject and a.subject.pk == subject.pk), None)
    if subject is None or appearance is None:
        return _not_blocking(request, pk)
    if appearance.item_ids:
        services.exhibition_items_remove(
            exhibition=exhibition, item_ids=appearance.item_ids, version=None, actor=request.user
        )
        messages.success(
            request,
            ngettext(
                "Removed %(count)d photo of %(name)s from the exhibition.",
                "Removed %(count)d photos of %(name)s from the exhibition.",
                len(appearance.item_ids),
            )
            % {"count": len(appearance.item_ids), "name": subject.name},
        )
    exhibition.refresh_from_db(fields=["cover_photo"])
    if appearance.in_cover and subject.photos.filter(pk=exhibition.cover_photo_id or 0).exists():
        messages.warning(request, _("The cover photo shows them too: choose another cover in the details."))
    return redirect(_publish_url(pk))


@login_required
@require_POST
def notice_dismiss(request: HttpRequest, pk: int, notice_pk: int) -> HttpResponse:
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    notice = get_object_or_404(exhibition.notices, pk=notice_pk)
    consent.notice_dismiss(notice=notice, actor=request.user)
    target = request.POST.get("next", "")
    if target not in (reverse("studio:list"), reverse("studio:publish", args=[pk])):
        target = reverse("studio:sequencer", args=[pk])
    return redirect(target)
