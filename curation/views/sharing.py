"""Sharing the library with curators: shares and offers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from curation import sharing
from curation.models import LibraryHandoff, LibraryOffer
from curation.sharing_forms import CuratorForm
from curation.views.common import _require_photographer

# --- Sharing with curators ----------------------------------------------------------------------------------


def _offered_message(offered: sharing.Offered) -> str:
    """What the photographer is told after offering: for a name she has no share with, the same words whoever has
    it (only the name she typed differs)."""
    handoff = offered.handoff
    if handoff is not None and handoff.kind == LibraryHandoff.Kind.FILTER:
        return _filter_offered_message(offered)
    if offered.share is not None:
        curator = offered.share.curator
        name = curator.get_full_name() or curator.get_username()
        if offered.share.whole_library and not offered.added:
            return _("%(name)s may now use any photo of your library.") % {"name": name}
        return ngettext(
            "Shared %(count)d more photo with %(name)s.", "Shared %(count)d more photos with %(name)s.", offered.added
        ) % {"count": offered.added, "name": name}
    if offered.offer is not None and offered.offer.whole_library:
        return _(
            "Your library is offered to “%(name)s”. If a curator signs in with that user name, they will find the "
            "offer in their studio; once they accept, they may use any photo of your library."
        ) % {"name": offered.username}
    return ngettext(
        "%(count)d more photo offered to “%(name)s”. If a curator signs in with that user name, they will find the "
        "offer in their studio; once they accept, they may use the photos you offered.",
        "%(count)d more photos offered to “%(name)s”. If a curator signs in with that user name, they will find the "
        "offer in their studio; once they accept, they may use the photos you offered.",
        offered.added,
    ) % {"count": offered.added, "name": offered.username}


def _filter_offered_message(offered: sharing.Offered) -> str:
    words = sharing.filter_words(offered.handoff.owner, offered.handoff.query)
    values = {"filter": words, "count": offered.matching, "name": offered.username}
    if offered.share is not None:
        curator = offered.share.curator
        values["name"] = curator.get_full_name() or curator.get_username()
        return (
            ngettext(
                "%(name)s may now use the photos of your filter “%(filter)s”: %(count)d photo now, and any that "
                "matches it later.",
                "%(name)s may now use the photos of your filter “%(filter)s”: %(count)d photos now, and any that "
                "match it later.",
                offered.matching,
            )
            % values
        )
    return (
        ngettext(
            "Your filter “%(filter)s” (%(count)d photo now) is offered to “%(name)s”. If a curator signs in with that "
            "user name, they will find the offer in their studio; once they accept, they may use the photos that "
            "match it, now and later.",
            "Your filter “%(filter)s” (%(count)d photos now) is offered to “%(name)s”. If a curator signs in with that "
            "user name, they will find the offer in their studio; once they accept, they may use the photos that "
            "match it, now and later.",
            offered.matching,
        )
        % values
    )


def _sharing_render(
    request: HttpRequest, form: CuratorForm | None = None, filter_form: CuratorForm | None = None
) -> HttpResponse:
    # The library's "Send this filter to a curator" link brings its query string here.
    query = sharing.filter_query(filter_form["query"].value() if filter_form else request.GET.get("filter", ""))
    context = {
        "shares": sharing.shares_of(request.user),
        # Names as she typed them: whether each is anyone's is not for this page to say.
        "offers": sharing.library_offers_of(request.user),
        "form": form or CuratorForm(),
    }
    if query:
        context.update(
            filter_form=filter_form or CuratorForm(initial={"query": query}, prefix="filter"),
            filter_words=sharing.filter_words(request.user, query),
            filter_count=sharing.filter_photos(request.user, query).count(),
            filter_library_url=reverse("curation:library") + "?" + query,
        )
    return render(request, "curation/sharing/index.html", context)


@login_required
@require_GET
def sharing_page(request: HttpRequest) -> HttpResponse:
    """The curators who may use the photographer's photos: the whole library or the photos chosen."""
    _require_photographer(request)
    return _sharing_render(request)


@login_required
@require_POST
def sharing_grant(request: HttpRequest) -> HttpResponse:
    """Offer the whole library to a user name (or widen an accepted share to it). The answer is the same whether the
    name is nobody's, a photographer's or a curator's."""
    _require_photographer(request)
    # The same endpoint sends a saved filter ("picks, 4 stars and up"): its form posts with a prefix.
    sends_filter = "filter-username" in request.POST
    form = CuratorForm(request.POST, prefix="filter" if sends_filter else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            offered = sharing.library_offer_make(
                owner=request.user,
                username=data["username"],
                whole_library=not sends_filter,
                query=data["query"] if sends_filter else None,
                note=data["note"],
            )
        except sharing.ShareRefused as refused:
            form.add_error("username", refused.message)
        else:
            messages.success(request, _offered_message(offered))
            return redirect("curation:sharing")
    if sends_filter:
        return _sharing_render(request, filter_form=form)
    return _sharing_render(request, form)


@login_required
@require_POST
def sharing_offer_withdraw(request: HttpRequest) -> HttpResponse:
    """The photographer takes back her offer to a name. The name is posted, not an id, so that her page is the same
    byte for byte whoever has the name."""
    _require_photographer(request)
    handoff = request.POST.get("handoff", "")
    if handoff.isdigit():
        # One saved filter she sent, offered or accepted: the photos only it brought leave the curator's picker.
        if sharing.library_handoff_withdraw(owner=request.user, handoff_id=int(handoff)):
            messages.success(request, _("That filter is no longer shared."))
        else:
            messages.info(request, _("Nothing was shared with that filter."))
        return redirect("curation:sharing")
    username = request.POST.get("username", "")
    if sharing.library_offer_withdraw(owner=request.user, username=username):
        messages.success(request, _("Your offer to “%(name)s” is withdrawn.") % {"name": username.strip()})
    else:
        messages.info(request, _("Nothing was offered to that name."))
    return redirect("curation:sharing")


def _offer(request: HttpRequest, pk: int) -> LibraryOffer:
    """The offer `pk` addressed to this curator; otherwise the same 404 as for no offer at all."""
    offer = sharing.library_offer_for(user=request.user, offer_id=pk)
    if offer is None:
        raise Http404
    return offer


@login_required
@require_POST
def sharing_offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """The curator takes a photographer's offer, from their studio's list: her photos come into their picker."""
    offer = _offer(request, pk)
    sharing.library_offer_accept(offer=offer, user=request.user)
    name = offer.owner.get_full_name() or offer.owner.get_username()
    messages.success(
        request,
        _("You may now add the photos %(name)s shares with you to your exhibitions, from each one's photo picker.")
        % {"name": name},
    )
    # The studio is where the offer was answered; curation names its URL and imports nothing of it.
    return redirect("studio:list")


@login_required
@require_POST
def sharing_offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    sharing.library_offer_decline(offer=_offer(request, pk), user=request.user)
    messages.success(request, _("Offer declined."))
    return redirect("studio:list")


@login_required
@require_POST
def sharing_revoke(request: HttpRequest, user_pk: int) -> HttpResponse:
    _require_photographer(request)
    curator = get_user_model().objects.filter(pk=user_pk).first()
    if curator is not None and sharing.library_share_revoke(owner=request.user, curator=curator):
        messages.success(
            request,
            _(
                "%(name)s can no longer add your photos to exhibitions. "
                "Those already in their exhibitions stay there: ask them to take out any you want back."
            )
            % {"name": curator.get_full_name() or curator.get_username()},
        )
    else:
        messages.info(request, _("Nothing was shared with them."))
    return redirect("curation:sharing")
