from django.urls import path

from sync import views

urlpatterns = [path("sync/", views.SyncView.as_view(), name="sync")]
