"""The feed's resources: one registry entry each (see sync/registry.py for what an entry holds).

A new resource is one `REGISTRY.register(...)` here, and one `change_record(...)` in each of
its services' writes (common.changes).
"""

from appointments.models import Appointment
from appointments.selectors import appointment_list
from appointments.serializers import AppointmentSerializer
from customers.models import Customer
from customers.selectors import customer_list
from customers.serializers import CustomerSerializer
from inventory.models import InventoryItem
from inventory.selectors import inventory_item_list
from inventory.serializers import InventoryItemSerializer
from measurements.models import GarmentType, Measurement
from measurements.selectors import garment_type_list, measurement_list
from measurements.serializers import GarmentTypeSerializer, MeasurementSerializer
from media_assets.models import StyleImage
from media_assets.selectors import style_image_list
from media_assets.serializers import StyleImageSerializer
from orders.models import Order, Payment
from orders.selectors import order_list, payment_list
from orders.serializers import OrderSerializer, PaymentSerializer
from sync.registry import SyncRegistry, SyncResource, leads_only

REGISTRY = SyncRegistry()

REGISTRY.register(
    SyncResource(
        name="customer",
        model=Customer,
        queryset=customer_list,
        serializer=CustomerSerializer,
        component="Customer",
    )
)
REGISTRY.register(
    SyncResource(
        name="inventory_item",
        model=InventoryItem,
        queryset=inventory_item_list,
        serializer=InventoryItemSerializer,
        component="InventoryItem",
    )
)
REGISTRY.register(
    SyncResource(name="order", model=Order, queryset=order_list, serializer=OrderSerializer, component="Order")
)
REGISTRY.register(
    SyncResource(
        name="payment",
        model=Payment,
        queryset=payment_list,  # voided payments are not in it: they are sent as deletes
        serializer=PaymentSerializer,
        component="Payment",
        visible_to=leads_only,
    )
)
REGISTRY.register(
    SyncResource(
        name="measurement",
        model=Measurement,
        queryset=measurement_list,
        serializer=MeasurementSerializer,
        component="Measurement",
    )
)
REGISTRY.register(
    SyncResource(
        name="style_image",
        model=StyleImage,
        queryset=style_image_list,  # soft-deleted pictures are not in it: they are sent as deletes
        serializer=StyleImageSerializer,
        component="StyleImage",
    )
)
REGISTRY.register(
    SyncResource(
        name="appointment",
        model=Appointment,
        queryset=appointment_list,  # cancelled ones stay in it (the calendar shows them)
        serializer=AppointmentSerializer,
        component="Appointment",
    )
)
REGISTRY.register(
    SyncResource(
        name="garment_type",
        model=GarmentType,
        queryset=garment_type_list,
        serializer=GarmentTypeSerializer,
        component="GarmentType",
    )
)
