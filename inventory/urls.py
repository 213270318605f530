from rest_framework.routers import SimpleRouter

from inventory.views import InventoryChangeViewSet, InventoryItemViewSet

router = SimpleRouter()
router.register("inventory", InventoryItemViewSet, basename="inventory")
router.register("inventory-changes", InventoryChangeViewSet, basename="inventory-change")

urlpatterns = router.urls
