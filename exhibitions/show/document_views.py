"""The physical show's documents as PDF downloads, drawn from the exhibition's draft as it is at the request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from curation.texts import active_language, languages
from exhibitions.models import Access, Exhibition
from exhibitions.show.gather import show_document_data
from exhibitions.show.sheets import PAPER_SIZES_MM, ShowDocumentData

# The six documents by the name in their address, and as the studio's show tab lists them.
DOCUMENTS: dict[str, Promise] = {
    "elevation": gettext_lazy("Elevation of every wall (1:20)"),
    "hanging-sheet": gettext_lazy("Hanging sheet"),
    "checklist": gettext_lazy("Checklist"),
    "labels": gettext_lazy("Wall labels"),
    "price-list": gettext_lazy("Price list"),
    "print-order": gettext_lazy("Print order"),
}


def document_pdf(data: ShowDocumentData, kind: str, *, paper: str = "A4") -> bytes:
    """One of the six documents (a key of DOCUMENTS) of this data, on this paper."""
    # WeasyPrint (half a second to import) only in a process that makes a document, not in every one that loads
    # the URLconf.
    from exhibitions.show import documents

    render = {
        "elevation": documents.elevation_pdf,
        "hanging-sheet": documents.hanging_sheet_pdf,
        "checklist": documents.checklist_pdf,
        "labels": documents.labels_pdf,
        "price-list": documents.price_list_pdf,
        "print-order": documents.print_order_pdf,
    }[kind]
    return render(data, paper=paper)


@login_required
@require_GET
def show_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """`?paper=A4|Letter` (A4 otherwise), `?lang=kk|ru|en` (the curator's language otherwise)."""
    exhibition = get_object_or_404(Exhibition.objects.select_related("owner"), pk=pk)
    # The studio's rule: those who may edit the exhibition (owner, curators it is shared with, staff); anyone else
    # gets the 404 of an exhibition that does not exist.
    if exhibition.access_for(request.user) < Access.EDIT or kind not in DOCUMENTS:
        raise Http404
    paper = request.GET.get("paper", "A4")
    paper = paper if paper in PAPER_SIZES_MM else "A4"
    language = request.GET.get("lang", "")
    language = language if language in languages() else active_language()
    data = show_document_data(exhibition, language=language, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(document_pdf(data, kind, paper=paper), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{exhibition.slug}-{kind}.pdf")
    # A document names people and prices: never kept by a shared cache, nor by the browser's.
    response["Cache-Control"] = "private, no-store"
    return response
