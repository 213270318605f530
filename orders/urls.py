from django.urls import path
from rest_framework.routers import SimpleRouter

from orders import views

router = SimpleRouter()
router.register("orders", views.OrderViewSet, basename="order")
router.register("payments", views.PaymentViewSet, basename="payment")

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    *router.urls,
]
