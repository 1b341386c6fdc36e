"""The photo picker: the curator adds photos to an exhibition from their own and what is shared with them,
filtered and sorted by the photographers' culling and notes (exhibitions/handoffs.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from curation.models import Photo
from curation.sharing import photos_visible_to
from exhibitions import handoffs as handed
from exhibitions import sequencing
from exhibitions.models import Access
from exhibitions.views import _exhibition, _placement_form

PICKER_PAGE_SIZE = 60
PLACEMENT_PARAMETERS = frozenset({"after", "before"})  # where the sequencer offered to add, read by _placement_form


# --- The picker --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def picker(request: HttpRequest, pk: int) -> HttpResponse:
    """Add photos to the exhibition: the curator's own and those photographers share with them (staff: all)."""
    exhibition, _access = _exhibition(request, pk, Access.EDIT)
    # The sequencer's "Add photos" passes ?after=<index> of the focused item: offered first.
    placement = _placement_form(request, exhibition)
    # Photos already in the exhibition stay whatever happens to a share: only new additions are checked.
    pickable = photos_visible_to(request.user)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("photo") if v.isdigit()]
        chosen = {photo.pk: photo for photo in pickable.filter(pk__in=ids)}
        if refused := len(set(ids) - set(chosen)):
            messages.error(
                request,
                ngettext(
                    "%(count)d photo is not shared with you: it was not added.",
                    "%(count)d photos are not shared with you: they were not added.",
                    refused,
                )
                % {"count": refused},
            )
        if not chosen:
            messages.error(request, _("Choose at least one photo."))
        elif placement.is_valid():
            added = sequencing.exhibition_photos_add(
                exhibition=exhibition,
                photos=[chosen[i] for i in ids if i in chosen],
                position=placement.cleaned_data["position"],
                actor=request.user,
            )
            messages.success(
                request,
                ngettext("Added %(count)d photo.", "Added %(count)d photos.", len(added)) % {"count": len(added)},
            )
            anchor = f"#item-{added[0].pk}" if added else ""
            return redirect(reverse("studio:sequencer", args=[pk]) + anchor)

    form, handoffs = handed.filter_form(request, pickable)
    values = form.values()
    photos = pickable.select_related("owner")
    if not values.get("include_processing"):
        photos = photos.filter(status=Photo.Status.READY)
    if not values.get("include_used"):
        photos = photos.exclude(exhibition_items__exhibition=exhibition)
    photos = handed.photos_filtered(photos, values, handoffs=handoffs)
    page = Paginator(photos, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
    page_photos = handed.photos_describe(list(page.object_list), viewer=request.user)
    used = {item.photo_id for item in exhibition.items.only("photo_id") if item.photo_id}
    query_string = request.GET.copy()
    query_string.pop("page", None)
    # The place the sequencer offered is not a filter: clearing the filters keeps it offered.
    placement_query = request.GET.copy()
    for name in list(placement_query):
        if name not in PLACEMENT_PARAMETERS:
            del placement_query[name]
    return render(
        request,
        "exhibitions/studio/picker.html",
        {
            "exhibition": exhibition,
            "filters": form,
            "page": page,
            "photos": page_photos,
            "used": used,
            "placement": placement,
            "query_string": query_string.urlencode(),
            "placement_query": placement_query.urlencode(),
            "filtered": any(name not in PLACEMENT_PARAMETERS for name in query_string),
            # The photographers' notes: the one of the sending chosen, else the latest few.
            "chosen_handoff": next((h for h in handoffs if h.pk == values.get("handoff")), None),
            "handoffs": [h for h in handoffs if h.note][:3],
            # Asked only when the page is empty: is it the filters, or does nobody share photos with them?
            "nothing_shared": not page_photos and not pickable.exists(),
        },
    )
