from django.urls import path

from exhibitions import views

app_name = "exhibitions"
urlpatterns = [
    path("", views.home, name="home"),
    path("e/<slug:slug>/", views.exhibition_detail, name="detail"),
]
