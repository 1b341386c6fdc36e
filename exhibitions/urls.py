from django.urls import path

from exhibitions import public

app_name = "exhibitions"
urlpatterns = [
    path("", public.home, name="home"),
    path("e/<slug:slug>/", public.exhibition_detail, name="detail"),
]
