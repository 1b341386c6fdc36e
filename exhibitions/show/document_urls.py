"""The physical show's documents as PDFs, always from the current sequence (mounted in the studio's namespace by
exhibitions/studio_urls.py)."""

from django.urls import path

from exhibitions.show import document_views

urlpatterns: list = [
    # kind: elevation, hanging-sheet, checklist, labels, price-list, print-order (document_views.DOCUMENTS).
    path("<int:pk>/show/<str:kind>.pdf", document_views.show_document, name="show-document"),
]
