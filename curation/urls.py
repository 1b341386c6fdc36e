"""Root URL configuration: the public gallery at /, the photographer's library, accounts, admin, health."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from curation import accounts, subject_views
from curation.views import bulk, compare, health, library, loupe, sharing, upload

# Mounted at /library/subjects/, in the library's namespace: the photographer's people, places, events and things.
subject_patterns = [
    path("", subject_views.subject_list, name="subjects"),
    path("new/", subject_views.subject_new, name="subject-new"),
    path("<int:pk>/", subject_views.subject_page, name="subject"),
    path("<int:pk>/edit/", subject_views.subject_edit, name="subject-edit"),
    path("<int:pk>/consent/", subject_views.subject_consent, name="subject-consent"),
    path("<int:pk>/consent/withdraw/", subject_views.subject_withdraw, name="subject-withdraw"),
    path("<int:pk>/documents/<int:document_pk>/", subject_views.subject_document, name="subject-document"),
    path(
        "<int:pk>/documents/<int:document_pk>/delete/",
        subject_views.subject_document_delete,
        name="subject-document-delete",
    ),
    path("<int:pk>/merge/", subject_views.subject_merge, name="subject-merge"),
]

library_patterns = (
    [
        path("subjects/", include(subject_patterns)),
        path("", library.library_view, name="library"),
        path("upload/", upload.upload, name="upload"),
        path("upload/batches/", upload.upload_batch, name="upload-batch"),
        path("upload/files/", upload.upload_file, name="upload-file"),
        path("bulk/", bulk.bulk, name="bulk"),
        path("credit/", library.credit_page, name="credit"),
        path("sharing/", sharing.sharing_page, name="sharing"),
        path("sharing/grant/", sharing.sharing_grant, name="sharing-grant"),
        path("sharing/<int:user_pk>/revoke/", sharing.sharing_revoke, name="sharing-revoke"),
        path("sharing/offers/withdraw/", sharing.sharing_offer_withdraw, name="sharing-offer-withdraw"),
        # The curator's answer to an offer addressed to them, from their studio's list.
        path("sharing/offers/<int:pk>/accept/", sharing.sharing_offer_accept, name="sharing-offer-accept"),
        path("sharing/offers/<int:pk>/decline/", sharing.sharing_offer_decline, name="sharing-offer-decline"),
        path("photos/status/", library.photos_status, name="photos-status"),
        path("photos/<int:photo_id>/", library.photo_page, name="photo"),
        path("photos/<int:photo_id>/loupe/", loupe.loupe, name="loupe"),
        path("photos/<int:photo_id>/compare/", compare.compare, name="compare"),
        path("photos/survey/", compare.survey, name="survey"),
        path("photos/<int:photo_id>/cull/", library.photo_cull, name="photo-cull"),
        path("photos/<int:photo_id>/burst-pick/", library.burst_pick, name="burst-pick"),
        path("photos/<int:photo_id>/retry/", library.photo_retry, name="photo-retry"),
        path("photos/<int:photo_id>/original/", health.photo_original, name="photo-original"),
    ],
    "curation",
)

urlpatterns = [
    # The gallery's pages with their language in the address: /kk/e/<slug>/, /ru/…, /en/…. First, so that
    # reverse("exhibitions:…") names the address in the active language (exhibitions/languages.py).
    *i18n_patterns(path("", include("exhibitions.urls")), prefix_default_language=True),
    # The same pages at the addresses they always had (printed QR codes, older links): in the visitor's language,
    # and the x-default of the others. Their own namespace, so that nothing reverses to them by accident.
    path("", include("exhibitions.unprefixed_urls")),
    path("", include("exhibitions.site_urls")),
    path("library/", include(library_patterns)),
    path("studio/", include("exhibitions.studio_urls")),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # One manifest holds every language, so IIIF addresses carry none.
    path("iiif/", include("exhibitions.iiif_urls")),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

# Renditions on local disk: served by the app, which applies the consent rule (exhibitions/media_urls.py).
urlpatterns.append(path("", include("exhibitions.media_urls")))
