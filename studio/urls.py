from django.urls import path

from studio import views

urlpatterns = [path("studio/", views.StudioProfileView.as_view(), name="studio-profile")]
