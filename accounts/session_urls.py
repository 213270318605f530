"""The browsable API's login and logout (in place of `rest_framework.urls`, same names), with
the login under the one login policy."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import SessionLoginView

app_name = "rest_framework"

urlpatterns = [
    path("login/", SessionLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
