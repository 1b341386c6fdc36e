"""The curator's pages: exhibitions, the sequencer, preview and publishing (mounted at /studio/)."""


app_name = "studio"
urlpatterns: list = []
