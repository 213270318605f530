"""Demo studio data: the demo lead designer, stock, customers, measurements, orders in every
status with their items, timeline, payments and stock movements (and optionally pictures).

Everything is planned in Python first (a deterministic random generator, `--seed`), the stock
movements are simulated in time order so each item's change log is an unbroken chain that
never goes below zero, then every table is written with bulk inserts in one transaction.
10,000 orders take a few seconds on SQLite; 100,000 stay practical (bench data).
"""

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Role, User
from appointments.models import Appointment, AppointmentKind, AppointmentStatus, AppointmentStatusChange
from common.row_counts import row_counts_rebuild
from customers.models import Customer, NotifyBy, search_ascii_for, search_grams_write
from customers.services import email_key_for
from inventory.models import ORDER_SOURCE, ChangeReason, InventoryChange, InventoryItem, Unit
from measurements.models import Measurement, MeasurementUnit, MeasurementVersion
from media_assets.services import style_image_create
from orders.models import Order, OrderItem, OrderStatus, OrderStatusChange, Payment, PaymentMethod
from orders.services import order_status_figures_rebuild
from studio.services import receipt_numbers_assign

CENT = Decimal("0.01")
BATCH = 2000  # rows per INSERT: well under MariaDB's max_allowed_packet and SQLite's variable limit

# name, category, unit, unit price, reorder level, sku, (min, max, step) taken by one order, restock batch
CATALOGUE: list[tuple[str, str, str, str, str, str, tuple[str, str, str], str]] = [
    ("Silk charmeuse, ivory", "fabric", Unit.METRE, "45.00", "10", "FAB-SLK-CHA-IV", ("1.5", "4", "0.25"), "60"),
    ("Silk chiffon, blush", "fabric", Unit.METRE, "28.00", "10", "FAB-SLK-CHF-BL", ("2", "6", "0.5"), "60"),
    ("Silk dupioni, emerald", "fabric", Unit.METRE, "38.00", "8", "FAB-SLK-DUP-EM", ("1.5", "4", "0.25"), "40"),
    ("Duchess satin, white", "fabric", Unit.METRE, "32.00", "10", "FAB-SAT-DUC-WH", ("2", "6", "0.5"), "50"),
    ("Crêpe de chine, black", "fabric", Unit.METRE, "18.00", "10", "FAB-CRP-BLK", ("1.5", "4", "0.5"), "50"),
    ("Linen, natural", "fabric", Unit.METRE, "16.00", "10", "FAB-LIN-NAT", ("1.5", "3.5", "0.5"), "50"),
    ("Cotton poplin, white", "fabric", Unit.METRE, "9.50", "15", "FAB-COT-POP-WH", ("1.5", "3", "0.25"), "80"),
    ("Wool suiting, charcoal", "fabric", Unit.METRE, "42.00", "6", "FAB-WOL-SUI-CH", ("2.5", "3.5", "0.25"), "30"),
    ("Chantilly lace, ivory", "lace", Unit.METRE, "85.00", "5", "LAC-CHA-IV", ("0.5", "3", "0.25"), "25"),
    ("Guipure cord lace, champagne", "lace", Unit.METRE, "60.00", "5", "LAC-GUI-CHP", ("1", "4", "0.5"), "25"),
    ("Beaded tulle lace, gold", "lace", Unit.METRE, "120.00", "3", "LAC-BTL-GLD", ("0.5", "2.5", "0.25"), "15"),
    ("Swiss voile lace, white", "lace", Unit.METRE, "55.00", "5", "LAC-SVL-WH", ("2", "5", "0.5"), "30"),
    ("Ankara wax print, assorted", "ankara", Unit.YARD, "12.00", "12", "ANK-WAX-ASS", ("3", "12", "1"), "120"),
    ("Ankara Hollandais, indigo", "ankara", Unit.YARD, "18.00", "12", "ANK-HOL-IND", ("3", "6", "1"), "60"),
    ("Aso-oke sanyan set (gele, ipele, iro)", "aso-oke", Unit.PACK, "150.00", "2", "ASO-SAN-SET", ("1", "1", "1"), "8"),
    ("Aso-oke metallic strip, wine", "aso-oke", Unit.METRE, "25.00", "6", "ASO-MET-WIN", ("2", "6", "1"), "30"),
    ("Polyester lining, ivory", "lining", Unit.METRE, "4.50", "20", "LIN-POL-IV", ("1.5", "4", "0.5"), "100"),
    ("Fusible interfacing", "lining", Unit.METRE, "3.20", "10", "LIN-INT-FUS", ("0.5", "2", "0.5"), "50"),
    ("Bridal tulle, ivory", "fabric", Unit.METRE, "6.00", "15", "FAB-TUL-IV", ("3", "10", "1"), "100"),
    (
        "Mother-of-pearl buttons 11 mm (pack of 12)",
        "buttons",
        Unit.PACK,
        "6.50",
        "5",
        "BTN-MOP-11",
        ("1", "3", "1"),
        "30",
    ),
    ("Horn buttons 20 mm", "buttons", Unit.PIECE, "1.20", "40", "BTN-HRN-20", ("4", "12", "1"), "200"),
    ("Covered button kit 15 mm (pack of 20)", "buttons", Unit.PACK, "4.80", "4", "BTN-COV-15", ("1", "2", "1"), "20"),
    ("Invisible zip 55 cm, ivory", "zips", Unit.PIECE, "2.80", "20", "ZIP-INV-55-IV", ("1", "2", "1"), "100"),
    ("Invisible zip 55 cm, black", "zips", Unit.PIECE, "2.80", "20", "ZIP-INV-55-BK", ("1", "2", "1"), "100"),
    ("Brass metal zip 20 cm", "zips", Unit.PIECE, "3.40", "10", "ZIP-MET-20", ("1", "1", "1"), "50"),
    ("Polyester thread 500 m, white", "thread", Unit.SPOOL, "3.50", "10", "THR-POL-WH", ("1", "3", "1"), "60"),
    ("Polyester thread 500 m, black", "thread", Unit.SPOOL, "3.50", "10", "THR-POL-BK", ("1", "3", "1"), "60"),
    ("Silk thread 100 m, ivory", "thread", Unit.SPOOL, "7.90", "5", "THR-SLK-IV", ("1", "2", "1"), "30"),
    ("Hook-and-eye tape", "notions", Unit.METRE, "2.10", "5", "NOT-HKE-TAP", ("0.25", "1", "0.25"), "25"),
    ("Rigilene boning 12 mm (10 m roll)", "notions", Unit.ROLL, "9.00", "3", "NOT-BON-12", ("1", "1", "1"), "15"),
    ("Bias binding 25 mm (25 m roll)", "notions", Unit.ROLL, "7.50", "3", "NOT-BIA-25", ("1", "1", "1"), "12"),
    ("Elastic 25 mm", "notions", Unit.METRE, "0.90", "10", "NOT-ELA-25", ("0.5", "2", "0.5"), "50"),
    ("Horsehair braid 50 mm", "notions", Unit.METRE, "2.40", "10", "NOT-HHB-50", ("2", "5", "0.5"), "50"),
    (
        "Crystals ss16, clear (pack of 144)",
        "embellishments",
        Unit.PACK,
        "14.00",
        "4",
        "EMB-CRY-SS16",
        ("1", "4", "1"),
        "30",
    ),
    ("Seed beads 11/0, gold (pack)", "embellishments", Unit.PACK, "3.60", "6", "EMB-SBD-GLD", ("1", "3", "1"), "40"),
    ("Sequins 6 mm, silver (pack)", "embellishments", Unit.PACK, "2.90", "6", "EMB-SEQ-SLV", ("1", "3", "1"), "40"),
]

FIRST_NAMES = [
    "Adaeze",
    "Funmilayo",
    "Chioma",
    "Ngozi",
    "Yetunde",
    "Aisha",
    "Folake",
    "Temitope",
    "Bukola",
    "Amara",
    "Ifeoma",
    "Kemi",
    "Zainab",
    "Efua",
    "Akosua",
    "Wanjiru",
    "Nadia",
    "Sofia",
    "Grace",
    "Claire",
    "Emeka",
    "Tunde",
    "Chidi",
    "Olumide",
    "Segun",
    "Kwame",
    "Babajide",
    "Ibrahim",
    "Daniel",
    "Marcus",
    "Hannah",
    "Lucia",
    "Mariam",
    "Tolu",
    "Ebun",
    "Nneka",
    "Halima",
    "Abena",
    "Chinedu",
    "Femi",
]
LAST_NAMES = [
    "Okafor",
    "Adeyemi",
    "Balogun",
    "Eze",
    "Okonkwo",
    "Adebayo",
    "Mensah",
    "Nwosu",
    "Ogunleye",
    "Bello",
    "Abiodun",
    "Asante",
    "Owusu",
    "Kamau",
    "Danjuma",
    "Akande",
    "Obi",
    "Oyelaran",
    "Martins",
    "Johnson",
    "Williams",
    "Fashola",
    "Lawal",
    "Ibekwe",
    "Uche",
    "Afolabi",
    "Boateng",
    "Diallo",
    "Coker",
    "Ade-Ojo",
]
STREETS = [
    "Admiralty Way",
    "Awolowo Road",
    "Allen Avenue",
    "Adeola Odeku Street",
    "Bode Thomas Street",
    "Herbert Macaulay Way",
    "Ozumba Mbadiwe Avenue",
    "Ajose Adeogun Street",
    "Kofo Abayomi Street",
]
CITIES = [
    "Lekki, Lagos",
    "Ikoyi, Lagos",
    "Victoria Island, Lagos",
    "Surulere, Lagos",
    "Ikeja, Lagos",
    "Wuse II, Abuja",
    "Maitama, Abuja",
    "Osu, Accra",
    "East Legon, Accra",
]
GARMENTS = [
    ("Wedding gown", "dress", ("fabric", "lace", "notions", "zips", "thread", "embellishments", "lining")),
    ("Aso-ebi gown", "dress", ("lace", "lining", "zips", "thread", "embellishments")),
    ("Iro and buba", "dress", ("aso-oke", "lace", "thread", "lining")),
    ("Gele and ipele set", "dress", ("aso-oke", "thread")),
    ("Bridesmaid dress", "dress", ("fabric", "lining", "zips", "thread")),
    ("Evening gown", "dress", ("fabric", "lace", "lining", "zips", "embellishments", "thread")),
    ("Ankara peplum top and skirt", "dress", ("ankara", "zips", "thread", "lining")),
    ("Ankara jumpsuit", "dress", ("ankara", "zips", "thread", "buttons")),
    ("Agbada", "shirt", ("aso-oke", "fabric", "thread", "buttons", "embellishments")),
    ("Senator kaftan", "shirt", ("fabric", "buttons", "thread")),
    ("Dashiki shirt", "shirt", ("ankara", "thread", "buttons")),
    ("Two-piece suit", "suit", ("fabric", "lining", "buttons", "thread", "notions")),
    ("Tailored trousers", "trousers", ("fabric", "zips", "buttons", "thread", "lining")),
    ("Linen shirt", "shirt", ("fabric", "buttons", "thread")),
    ("Christening gown", "dress", ("fabric", "lace", "buttons", "thread")),
]
OCCASIONS = [
    "",
    "",
    "",
    " for the wedding",
    " for the engagement",
    " for the traditional wedding",
    " for the 50th birthday",
    " for the graduation",
    " for church",
    " for the naming ceremony",
]
SIZES = ["", "", "XS", "S", "M", "L", "XL", "UK 8", "UK 10", "UK 12", "UK 14", "UK 16", "custom"]
MEASUREMENT_NAMES = {
    "dress": {
        "bust": 92,
        "underbust": 78,
        "waist": 74,
        "hips": 100,
        "shoulder": 39,
        "bust_point": 25,
        "back_length": 40,
        "full_length": 150,
        "sleeve_length": 58,
        "armhole": 43,
    },
    "shirt": {"chest": 102, "neck": 40, "shoulder": 46, "sleeve_length": 64, "shirt_length": 76, "wrist": 18},
    "suit": {
        "chest": 102,
        "waist": 88,
        "hips": 104,
        "shoulder": 46,
        "sleeve_length": 63,
        "jacket_length": 75,
        "inseam": 80,
        "outseam": 106,
    },
    "trousers": {"waist": 86, "hips": 102, "thigh": 60, "knee": 42, "inseam": 79, "outseam": 104, "ankle": 24},
}
STATUS_NOTES = {
    OrderStatus.PENDING: "Order taken.",
    OrderStatus.IN_PROGRESS: "Fabric cut, work started.",
    OrderStatus.COMPLETED: "Finished, ready for fitting and pick-up.",
    OrderStatus.DELIVERED: "Collected by the client.",
    OrderStatus.CANCELLED: "Cancelled at the client's request.",
}
PAYMENT_METHODS = [
    PaymentMethod.CASH,
    PaymentMethod.BANK_TRANSFER,
    PaymentMethod.BANK_TRANSFER,
    PaymentMethod.CARD,
    PaymentMethod.MOBILE_MONEY,
    PaymentMethod.OTHER,
]

# The status paths an order may have followed (ALLOWED_TRANSITIONS), with their weights.
STATUS_PATHS = {
    OrderStatus.PENDING: [OrderStatus.PENDING],
    OrderStatus.IN_PROGRESS: [OrderStatus.PENDING, OrderStatus.IN_PROGRESS],
    OrderStatus.COMPLETED: [OrderStatus.PENDING, OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED],
    OrderStatus.DELIVERED: [OrderStatus.PENDING, OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED, OrderStatus.DELIVERED],
}


@dataclass
class PlannedOrder:
    order: Order
    lines: list[OrderItem]
    path: list[tuple[str, datetime]]  # (status, when), the creation first
    payments: list[Payment] = field(default_factory=list)


@contextmanager
def given_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the historical times we computed instead of "now".

    auto_now / auto_now_add fields stamp the current time on insert; demo history spread over a
    year needs its own times. The flags are restored on exit, whatever happens.
    """
    fields = [
        f
        for model in model_classes
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


class Command(BaseCommand):
    help = (
        "Create the demo lead designer and fill the database with realistic studio data "
        "(stock, customers, measurements, orders in every status with items, payments, timeline)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only when there are no orders yet (the demo lead is ensured either way, "
            "and its password is left as it is).",
        )
        parser.add_argument("--customers", type=int, default=25, help="Customers to create (default 25).")
        parser.add_argument("--orders", type=int, default=60, help="Orders to create (default 60).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed: the same seed gives the same data.")
        parser.add_argument(
            "--images",
            type=int,
            default=0,
            help="Style pictures to generate with Pillow and attach to orders (default 0).",
        )

    def handle(self, *args, **options):
        lead = self._ensure_lead(reset_password=not options["if_empty"])
        if options["customers"] < 0 or options["orders"] < 0 or options["images"] < 0:
            raise CommandError("--customers, --orders and --images must not be negative.")
        if options["orders"] and not options["customers"]:
            raise CommandError("Orders need customers: give --customers of at least 1.")
        if options["if_empty"] and Order.objects.exists():
            self.stdout.write("The database already has orders: no demo data added.")
        else:
            started = time.monotonic()
            counts = seed_studio(
                actor=lead,
                customers=options["customers"],
                orders=options["orders"],
                seed=options["seed"],
            )
            if options["images"]:
                counts["style images"] = self._seed_images(actor=lead, count=options["images"], seed=options["seed"])
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo data added in {time.monotonic() - started:.1f}s: {summary}."))
        self.stdout.write(
            f"Demo lead designer: username '{settings.DEMO_USERNAME}', password '{settings.DEMO_PASSWORD}'"
        )

    def _ensure_lead(self, *, reset_password: bool) -> User:
        lead = User.objects.filter(username=settings.DEMO_USERNAME).first()
        if lead is None:
            lead = User.objects.create_superuser(
                username=settings.DEMO_USERNAME,
                email="lead@studio.example",
                password=settings.DEMO_PASSWORD,
                first_name="Ada",
                last_name="Lead",
                role=Role.LEAD,
            )
            self.stdout.write(self.style.SUCCESS("Created the demo lead designer."))
        elif reset_password:
            lead.set_password(settings.DEMO_PASSWORD)
            lead.save(update_fields=["password"])
        return lead

    def _seed_images(self, *, actor: User, count: int, seed: int) -> int:
        rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
        order_ids = list(Order.objects.order_by("-id").values_list("id", flat=True)[: max(count, 1) * 3])
        if not order_ids:
            return 0
        made = 0
        for n in range(count):
            order = Order.objects.get(pk=rng.choice(order_ids))
            upload = SimpleUploadedFile(f"sketch-{n}.png", demo_picture(rng), content_type="image/png")
            style_image_create(order=order, image_file=upload, description=f"Sketch {n + 1}", actor=actor)
            made += 1
        return made


def demo_picture(rng: random.Random, size: tuple[int, int] = (480, 640)) -> bytes:
    """A small PNG "fabric swatch / sketch": stripes and a silhouette, drawn with Pillow."""
    image = Image.new("RGB", size, tuple(rng.randrange(160, 256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    colour = tuple(rng.randrange(0, 200) for _ in range(3))
    for x in range(0, size[0], rng.choice((16, 24, 32))):
        draw.line([(x, 0), (x + size[1] // 3, size[1])], fill=colour, width=4)
    w, h = size
    draw.polygon([(w * 0.4, h * 0.15), (w * 0.6, h * 0.15), (w * 0.8, h * 0.9), (w * 0.2, h * 0.9)], outline=(0, 0, 0))
    draw.ellipse([w * 0.44, h * 0.04, w * 0.56, h * 0.14], outline=(0, 0, 0), width=3)
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed_studio(*, actor: User, customers: int, orders: int, seed: int) -> dict[str, int]:
    """Plan the demo data with a seeded generator, then write it all in one transaction."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    now = timezone.now().replace(microsecond=0)
    year_ago = now - timedelta(days=365)

    items, specs = _plan_inventory(rng, actor)
    people = _plan_customers(rng, actor, customers, year_ago, now)
    planned = [_plan_order(rng, actor, people, items, specs, year_ago, now) for _ in range(orders)]
    planned.sort(key=lambda p: p.order.created_at)
    changes = _simulate_stock(rng, actor, items, specs, planned, year_ago, now)

    with (
        transaction.atomic(),
        given_timestamps(
            InventoryItem,
            InventoryChange,
            Customer,
            Measurement,
            MeasurementVersion,
            Order,
            OrderItem,
            OrderStatusChange,
            Payment,
            Appointment,
            AppointmentStatusChange,
        ),
    ):
        InventoryItem.objects.bulk_create(items, batch_size=BATCH)
        for person in people:  # bulk_create bypasses Customer.save, which sets it
            person.search_ascii = search_ascii_for(person.name, person.email, person.phone)
        Customer.objects.bulk_create(people, batch_size=BATCH)
        search_grams_write(people, replace=False)  # nor does it write the grams `?search=` reads
        for p in planned:
            p.order.customer_id = p.order.customer.pk
        Order.objects.bulk_create([p.order for p in planned], batch_size=BATCH)
        lines = []
        for p in planned:
            for line in p.lines:
                line.order_id = p.order.pk
                line.inventory_item_id = line.inventory_item.pk
                lines.append(line)
        OrderItem.objects.bulk_create(lines, batch_size=BATCH)
        timeline = [
            OrderStatusChange(
                order_id=p.order.pk,
                from_status=p.path[i - 1][0] if i else None,
                to_status=status,
                note=STATUS_NOTES[status],
                changed_at=when,
                changed_by=actor,
            )
            for p in planned
            for i, (status, when) in enumerate(p.path)
        ]
        OrderStatusChange.objects.bulk_create(timeline, batch_size=BATCH)
        payments = []
        for p in planned:
            for payment in p.payments:
                payment.order_id = p.order.pk
                payments.append(payment)
        receipt_numbers_assign(payments=payments)
        Payment.objects.bulk_create(payments, batch_size=BATCH)
        order_status_figures_rebuild()  # bulk_create bypasses the services that keep them
        for change in changes:
            change.inventory_item_id = change.inventory_item.pk
            if change.source_order is not None:
                change.source_id = change.source_order.pk
        InventoryChange.objects.bulk_create(changes, batch_size=BATCH)
        measurements = _plan_measurements(rng, actor, people, planned, now)
        Measurement.objects.bulk_create(measurements, batch_size=BATCH)
        MeasurementVersion.objects.bulk_create(
            [
                MeasurementVersion(
                    measurement_id=m.pk,
                    version=1,
                    values=m.values,
                    unit=m.unit,
                    changed_at=m.created_at,
                    changed_by=actor,
                )
                for m in measurements
            ],
            batch_size=BATCH,
        )
        appointments = _plan_appointments(rng, actor, people, planned, now)
        Appointment.objects.bulk_create(appointments, batch_size=BATCH)
        history = [change for appointment in appointments for change in _appointment_history(appointment, actor)]
        AppointmentStatusChange.objects.bulk_create(history, batch_size=BATCH)
        row_counts_rebuild()  # bulk_create sends no post_save: the kept row counts are recounted

    return {
        "inventory items": len(items),
        "stock changes": len(changes),
        "customers": len(people),
        "measurements": len(measurements),
        "orders": len(planned),
        "order items": len(lines),
        "timeline rows": len(timeline),
        "payments": len(payments),
        "appointments": len(appointments),
    }


def _plan_inventory(rng: random.Random, actor: User) -> tuple[list[InventoryItem], list[tuple]]:
    taken = set(InventoryItem.objects.exclude(sku=None).values_list("sku", flat=True))
    items, specs = [], []
    for name, category, unit, price, reorder, sku, take, batch in CATALOGUE:
        unique_sku, n = sku, 1
        while unique_sku in taken:
            n += 1
            unique_sku = f"{sku}-{n}"
        taken.add(unique_sku)
        items.append(
            InventoryItem(
                name=name,
                description=f"{name}. Sold by the {unit}.",
                sku=unique_sku,
                category=category,
                unit=unit,
                quantity=Decimal("0"),  # set by the stock simulation
                price=Decimal(price),
                reorder_level=Decimal(reorder),
                is_active=True,
                created_by=actor,
                updated_by=actor,
            )
        )
        specs.append((tuple(Decimal(x) for x in take), Decimal(batch)))
    # One archived line: stays in history, cannot be ordered.
    items[-1].is_active = False
    return items, specs


def _plan_customers(rng: random.Random, actor: User, count: int, start: datetime, now: datetime) -> list[Customer]:
    taken = set(Customer.objects.exclude(email_key=None).values_list("email_key", flat=True))
    people = []
    for _ in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        base = f"{first}.{last}".lower().replace("-", "")
        email, k = f"{base}@example.com", 1
        while email in taken:
            k += 1
            email = f"{base}{k}@example.com"
        taken.add(email)
        has_email = rng.random() < 0.9
        created = start - timedelta(days=rng.randrange(0, 400), minutes=rng.randrange(0, 1440))
        people.append(
            Customer(
                name=f"{first} {last}",
                email=email if has_email else "",
                email_key=email_key_for(email) if has_email else None,
                # Messages go out in the demo too: by email where there is one, else by SMS.
                notify_by=NotifyBy.EMAIL if has_email else NotifyBy.SMS,
                # E.164, as customers.services stores phones (bulk_create skips the service).
                phone=f"+234{rng.choice((803, 805, 806, 807, 808, 810, 813, 816, 903))}"
                f"{rng.randrange(100, 1000)}{rng.randrange(1000, 10000)}",
                address=f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {rng.choice(CITIES)}"
                if rng.random() < 0.7
                else "",
                notes=rng.choice(
                    [
                        "",
                        "",
                        "",
                        "Prefers fittings on Saturdays.",
                        "Referred by a client.",
                        "Allergic to wool.",
                        "Likes a loose fit around the waist.",
                    ]
                ),
                created_at=created,
                updated_at=created,
                created_by=actor,
                updated_by=actor,
            )
        )
    return people


def _pick_quantity(rng: random.Random, take: tuple[Decimal, Decimal, Decimal]) -> Decimal:
    low, high, step = take
    steps = int((high - low) / step)
    return (low + step * rng.randint(0, steps)).quantize(CENT)


def _advance(rng: random.Random, when: datetime, now: datetime, days: tuple[int, int]) -> datetime:
    """A later moment, `days` after `when` if that is still in the past, else half-way to now."""
    gap = timedelta(days=rng.randint(*days), hours=rng.randrange(0, 10), minutes=rng.randrange(0, 60))
    return min(when + gap, when + (now - when) / 2).replace(microsecond=0)


def _plan_order(rng, actor, people, items, specs, start, now) -> PlannedOrder:
    customer = rng.choice(people)
    created = start + timedelta(seconds=rng.randrange(0, int((now - start).total_seconds()) - 3600))
    age_days = (now - created).days
    # Older orders have moved further along; recent ones are mostly pending or in progress.
    if age_days < 10:
        weights = (50, 40, 5, 0, 5)
    elif age_days < 45:
        weights = (10, 45, 20, 15, 10)
    else:
        weights = (3, 7, 10, 70, 10)
    final = rng.choices(
        [
            OrderStatus.PENDING,
            OrderStatus.IN_PROGRESS,
            OrderStatus.COMPLETED,
            OrderStatus.DELIVERED,
            OrderStatus.CANCELLED,
        ],
        weights=weights,
    )[0]
    if final == OrderStatus.CANCELLED:
        statuses = rng.choice([[OrderStatus.PENDING], [OrderStatus.PENDING, OrderStatus.IN_PROGRESS]])
        statuses = [*statuses, OrderStatus.CANCELLED]
    else:
        statuses = STATUS_PATHS[final]
    path, when = [(statuses[0], created)], created
    gaps = {
        OrderStatus.IN_PROGRESS: (0, 6),
        OrderStatus.COMPLETED: (7, 35),
        OrderStatus.DELIVERED: (1, 10),
        OrderStatus.CANCELLED: (1, 20),
    }
    for status in statuses[1:]:
        when = _advance(rng, when, now, gaps[status])
        path.append((status, when))

    title, _, categories = rng.choice(GARMENTS)
    usable = [i for i, item in enumerate(items) if item.is_active and item.category in categories]
    chosen = rng.sample(usable, k=min(len(usable), rng.choice((1, 2, 3, 3, 3, 4, 5))))
    lines = [
        OrderItem(
            inventory_item=items[i],
            size=rng.choice(SIZES),
            quantity=_pick_quantity(rng, specs[i][0]),
            created_at=created,
        )
        for i in sorted(chosen)
    ]
    materials = sum(
        (line.quantity * items[i].price for line, i in zip(lines, sorted(chosen), strict=True)), Decimal("0")
    )
    labour = Decimal(rng.randrange(8, 60) * 10)
    # Materials marked up plus labour, rounded to a multiple of 5.
    price = (((materials * Decimal(rng.choice(("1.5", "2", "2.5"))) + labour) / 5).quantize(Decimal("1")) * 5).quantize(
        CENT
    )
    done = dict(path)
    order = Order(
        customer=customer,
        title=f"{title}{rng.choice(OCCASIONS)}",
        notes=rng.choice(
            [
                "",
                "",
                "Fitting booked two weeks before delivery.",
                "Client brings own buttons.",
                "Rush order.",
                "Lining in the client's colour.",
            ]
        ),
        status=final,
        price=price,
        delivery_date=(created + timedelta(days=rng.randint(14, 60))).date(),
        completed_at=done.get(OrderStatus.COMPLETED),
        delivered_at=done.get(OrderStatus.DELIVERED),
        created_at=created,
        updated_at=path[-1][1],
        created_by=actor,
        updated_by=actor,
    )
    planned = PlannedOrder(order=order, lines=lines, path=path)
    planned.payments = _plan_payments(rng, actor, planned, now)
    order.amount_paid = sum((p.amount for p in planned.payments), Decimal("0"))
    return planned


def _plan_payments(rng: random.Random, actor: User, planned: PlannedOrder, now: datetime) -> list[Payment]:
    order, final = planned.order, planned.order.status
    share = {
        OrderStatus.PENDING: rng.choice(("0", "0", "0.3", "0.5")),
        OrderStatus.IN_PROGRESS: rng.choice(("0", "0.4", "0.5", "0.5", "0.6")),
        OrderStatus.COMPLETED: rng.choice(("0.5", "0.7", "1", "1")),
        OrderStatus.DELIVERED: rng.choice(("1", "1", "1", "1", "1", "0.8")),
        OrderStatus.CANCELLED: rng.choice(("0", "0", "0", "0.2")),  # a kept deposit
    }[final]
    total = _money(order.price * Decimal(share))
    if total <= 0:
        return []
    parts = 1 if total < 50 else rng.choice((1, 1, 2, 2, 3))
    amounts, left = [], total
    for _ in range(parts - 1):
        amount = _money(left * Decimal(rng.choice(("0.3", "0.4", "0.5"))))
        amounts.append(amount)
        left -= amount
    amounts.append(left)
    # Paid while the order is open, at the latest when it was delivered or cancelled.
    payments, when = [], order.created_at
    limit = (
        now if final in (OrderStatus.PENDING, OrderStatus.IN_PROGRESS, OrderStatus.COMPLETED) else planned.path[-1][1]
    )
    for amount in amounts:
        when = min(when + timedelta(days=rng.randint(0, 20), hours=rng.randrange(1, 8)), limit)
        method = rng.choice(PAYMENT_METHODS)
        payments.append(
            Payment(
                amount=amount,
                method=method,
                paid_at=when,
                reference=f"TRF-{rng.randrange(10**7, 10**8)}" if method == PaymentMethod.BANK_TRANSFER else "",
                note="Deposit" if not payments and amount < order.price else "",
                created_at=when,
                created_by=actor,
            )
        )
    return payments


def _simulate_stock(rng, actor, items, specs, planned, start, now) -> list[InventoryChange]:
    """Every stock movement in time order, so each item's rows (in id order) form a chain.

    Each item starts with an `initial` row; orders reserve their lines when created and
    cancelled orders release them; when an item would run short, a supplier delivery
    (`restock`) comes in first, so no quantity is ever negative.
    """
    events = []  # (when, sequence, item index, kind, quantity, order)
    index = {id(item): i for i, item in enumerate(items)}
    seq = 0
    for p in planned:
        for line in p.lines:
            events.append((p.order.created_at, seq, index[id(line.inventory_item)], "reserve", line.quantity, p.order))
            seq += 1
        if p.order.status == OrderStatus.CANCELLED:
            cancelled_at = p.path[-1][1]
            for line in p.lines:
                events.append((cancelled_at, seq, index[id(line.inventory_item)], "release", line.quantity, p.order))
                seq += 1
    events.sort(key=lambda e: (e[0], e[1]))

    changes: list[InventoryChange] = []
    stock = [Decimal("0")] * len(items)

    def move(i: int, delta: Decimal, reason: str, when: datetime, order=None, note: str = "") -> None:
        old = stock[i]
        stock[i] = old + delta
        assert stock[i] >= 0, "the simulation never takes more than is in stock"
        change = InventoryChange(
            inventory_item=items[i],
            old_quantity=old,
            new_quantity=stock[i],
            delta=delta,
            reason=reason,
            source_type=ORDER_SOURCE if order is not None else "",
            note=note,
            changed_at=when,
            changed_by=actor,
        )
        change.source_order = order  # its id is known once the orders are inserted
        changes.append(change)

    opening = start - timedelta(days=1)
    for i, (_, batch) in enumerate(specs):
        move(i, batch, ChangeReason.INITIAL, opening, note="Opening stock count.")
    for when, _, i, kind, quantity, order in events:
        if kind == "reserve":
            if stock[i] < quantity:
                batch = specs[i][1]
                delivery = batch * ((quantity - stock[i]) // batch + 1)
                move(i, delivery, ChangeReason.RESTOCK, when - timedelta(minutes=30), note="Supplier delivery.")
            move(i, -quantity, ChangeReason.ORDER_RESERVED, when, order=order, note="Reserved by the order.")
        else:
            move(i, quantity, ChangeReason.ORDER_RELEASED, when, order=order, note="Order cancelled.")
    # A little damage and a stock-take correction here and there, as in a real workroom.
    for i in rng.sample(range(len(items)), k=min(4, len(items))):
        if stock[i] >= 1:
            move(i, -Decimal("1"), ChangeReason.DAMAGE, now, note="Water-damaged on the shelf.")
    for i, item in enumerate(items):
        item.quantity = stock[i]
        item.created_at = item.updated_at = opening
    return changes


def _plan_measurements(rng, actor, people, planned, now) -> list[Measurement]:
    orders_of: dict[int, list[Order]] = {}
    for p in planned:
        orders_of.setdefault(p.order.customer_id, []).append(p.order)
    rows = []
    for person in people:
        if rng.random() < 0.15:
            continue
        scale = rng.uniform(0.85, 1.2)
        for _ in range(rng.choice((1, 1, 2, 3))):
            kind = rng.choice(list(MEASUREMENT_NAMES))
            inches = rng.random() < 0.1
            values = {}
            for name, typical in MEASUREMENT_NAMES[kind].items():
                cm = typical * scale * rng.uniform(0.95, 1.05)
                values[name] = round(cm / 2.54 if inches else cm, 1)
            theirs = orders_of.get(person.pk, [])
            order = rng.choice(theirs) if theirs and rng.random() < 0.5 else None
            taken = min(person.created_at + timedelta(days=rng.randrange(0, 60)), now)
            if order is not None:
                taken = order.created_at
            rows.append(
                Measurement(
                    customer=person,
                    order=order,
                    type=kind,
                    unit=MeasurementUnit.INCH if inches else MeasurementUnit.CM,
                    values=values,
                    notes=rng.choice(["", "", "Taken at the first fitting.", "Re-measured after fitting."]),
                    created_at=taken,
                    updated_at=taken,
                    created_by=actor,
                    updated_by=actor,
                )
            )
    return rows


# The working day's slots (hour, minute, minutes long): one designer, never two at once.
APPOINTMENT_SLOTS = [(9, 0, 60), (10, 30, 45), (11, 30, 60), (14, 0, 90), (16, 0, 30), (17, 0, 60)]
APPOINTMENT_NOTES = {
    AppointmentKind.CONSULTATION: ["", "Bring fabric ideas and photos.", "Wedding: first meeting."],
    AppointmentKind.MEASUREMENT: ["", "Full measurements for the gown.", "Re-measure after the first fitting."],
    AppointmentKind.FITTING: ["", "First fitting.", "Second fitting: hem and sleeves.", "Final fitting."],
    AppointmentKind.PICKUP: ["", "Garment ready; balance to settle."],
    AppointmentKind.ALTERATION: ["", "Take in the waist.", "Shorten the hem by 3 cm."],
}


def _plan_appointments(rng, actor, people, planned, now) -> list[Appointment]:
    """The demo lead's calendar, three weeks back to three weeks on (weekdays, business hours
    in TIME_ZONE): past appointments completed, some no-shows and cancellations; coming ones
    scheduled. Slots never overlap, as appointments.services would keep them."""
    if not people:
        return []
    orders_of: dict[int, list[Order]] = {}
    for p in planned:
        orders_of.setdefault(p.order.customer_id, []).append(p.order)
    today = timezone.localdate(now)
    rows = []
    for offset in range(-21, 22):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for hour, minute, minutes in APPOINTMENT_SLOTS:
            if rng.random() < 0.45:
                continue
            starts_at = timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))
            person = rng.choice(people)
            theirs = orders_of.get(person.pk, [])
            order = rng.choice(theirs) if theirs and rng.random() < 0.7 else None
            kind = rng.choice(list(AppointmentKind)) if order else AppointmentKind.CONSULTATION
            if starts_at + timedelta(minutes=minutes) <= now:
                status = rng.choices(
                    [AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED], [85, 7, 8]
                )[0]
            else:
                status = AppointmentStatus.CANCELLED if rng.random() < 0.05 else AppointmentStatus.SCHEDULED
            booked = min(starts_at - timedelta(days=rng.randrange(1, 15)), now)
            rows.append(
                Appointment(
                    customer=person,
                    order=order,
                    kind=kind,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=minutes),
                    designer=actor,
                    status=status,
                    notes=rng.choice(APPOINTMENT_NOTES[kind]),
                    location=rng.choice(["Studio", "Studio", "Studio", "Fitting room 2", "Client's home"]),
                    created_at=booked,
                    updated_at=booked,
                    created_by=actor,
                    updated_by=actor,
                )
            )
    return rows


def _appointment_history(appointment: Appointment, actor: User) -> list[AppointmentStatusChange]:
    history = [
        AppointmentStatusChange(
            appointment_id=appointment.pk,
            from_status="",
            to_status=AppointmentStatus.SCHEDULED,
            changed_at=appointment.created_at,
            changed_by=actor,
        )
    ]
    if appointment.status != AppointmentStatus.SCHEDULED:
        history.append(
            AppointmentStatusChange(
                appointment_id=appointment.pk,
                from_status=AppointmentStatus.SCHEDULED,
                to_status=appointment.status,
                changed_at=min(appointment.ends_at, timezone.now()),
                changed_by=actor,
            )
        )
    return history
