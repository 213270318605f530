from django.urls import path
from rest_framework.routers import SimpleRouter

from messaging.views import MessageTemplateViewSet, MessageViewSet, OrderMessageView

router = SimpleRouter()
router.register("message-templates", MessageTemplateViewSet, basename="message-template")
router.register("messages", MessageViewSet, basename="message")

urlpatterns = [
    *router.urls,
    path("orders/<int:order_id>/messages/", OrderMessageView.as_view(), name="order-messages"),
]
