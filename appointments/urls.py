from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from appointments import views

router = SimpleRouter()
router.register("appointments", views.AppointmentViewSet, basename="appointment")

customer_appointments = views.CustomerAppointmentViewSet.as_view({"get": "list"}, name="Appointments")
order_appointments = views.OrderAppointmentViewSet.as_view({"get": "list"}, name="Appointments")

urlpatterns = [
    # Before orders.urls in config.urls: the dashboard with today's appointments.
    path("dashboard/", views.DashboardWithAppointmentsView.as_view(), name="dashboard"),
    re_path(r"^customers/(?P<pk>[0-9]+)/appointments/$", customer_appointments, name="customer-appointments"),
    re_path(r"^orders/(?P<pk>[0-9]+)/appointments/$", order_appointments, name="order-appointments"),
    *router.urls,
]
