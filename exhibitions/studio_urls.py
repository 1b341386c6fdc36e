"""The curator's pages: exhibitions, the sequencer, preview, sharing and publishing (mounted at /studio/)."""

from django.urls import include, path

from exhibitions import consent_views, handoffs, picker, views

app_name = "studio"
urlpatterns = [
    path("", views.exhibition_list, name="list"),
    path("new/", views.exhibition_new, name="new"),
    # What photographers shared with this curator, read-only, with their culling and notes.
    path("shared/", handoffs.shared_sheet, name="shared"),
    path("<int:pk>/", views.sequencer, name="sequencer"),
    path("<int:pk>/sequence/", views.sequence_fragment, name="sequence"),
    path("<int:pk>/sequence/reorder/", views.sequence_reorder, name="reorder"),
    path("<int:pk>/sequence/remove/", views.sequence_remove, name="remove"),
    path("<int:pk>/sequence/undo/", views.sequence_undo, name="undo"),
    path("<int:pk>/add/", picker.picker, name="picker"),
    path("<int:pk>/panels/new/", views.panel_new, name="panel-new"),
    path("<int:pk>/chapters/new/", views.section_new, name="section-new"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item-move"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item-remove"),
    path("<int:pk>/details/", views.exhibition_details, name="details"),
    # Every text of the show in three languages side by side, the missing ones marked and counted.
    path("<int:pk>/translations/", views.translations, name="translations"),
    # The physical show: venues, walls, the works' printed form, the elevation, and the documents as PDFs.
    path("", include("exhibitions.show.urls")),
    path("", include("exhibitions.show.document_urls")),
    path("<int:pk>/delete/", views.exhibition_delete, name="delete"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/sharing/", views.sharing, name="sharing"),
    path("<int:pk>/sharing/collaborators/", views.collaborator_add, name="collaborator-add"),
    path("<int:pk>/sharing/collaborators/<int:user_pk>/remove/", views.collaborator_remove, name="collaborator-remove"),
    path("<int:pk>/sharing/invitations/cancel/", views.invitation_cancel, name="invitation-cancel"),
    # The invited curator's answer, from their studio's list.
    path("<int:pk>/invitation/accept/", views.invitation_accept, name="invitation-accept"),
    path("<int:pk>/invitation/decline/", views.invitation_decline, name="invitation-decline"),
    path("<int:pk>/sharing/links/", views.review_link_new, name="review-link-new"),
    path("<int:pk>/sharing/links/<int:link_pk>/revoke/", views.review_link_revoke, name="review-link-revoke"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/publish/alt-text/<int:item_pk>/", views.publish_alt_text, name="publish-alt-text"),
    path("<int:pk>/publish/unpublish/", views.unpublish, name="unpublish"),
    path("<int:pk>/publish/schedule/", views.publish_schedule, name="schedule"),
    path("<int:pk>/publish/schedule/cancel/", views.publish_schedule_cancel, name="schedule-cancel"),
    path("<int:pk>/consent/", consent_views.consent_report, name="consent-report"),
    path("<int:pk>/consent/overrides/", consent_views.override_new, name="consent-override"),
    path(
        "<int:pk>/consent/overrides/<int:override_pk>/revoke/",
        consent_views.override_revoke,
        name="consent-override-revoke",
    ),
    path("<int:pk>/consent/remove/", consent_views.consent_remove, name="consent-remove"),
    path("<int:pk>/notices/<int:notice_pk>/dismiss/", consent_views.notice_dismiss, name="notice-dismiss"),
    # No account needed: the token is the key. Outside the exhibition's own paths so it reveals no id.
    path("review/<str:token>/", views.review, name="review"),
]
