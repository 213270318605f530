"""The role policy's Django side: what `role` means in the admin, derived in this one place.

The API asks `role` directly (accounts.permissions). The admin asks Django's flags and model
permissions, so they are derived from `role` here and nowhere else:

- every active member of the team is staff (may open the admin); an inactive one is not;
- a lead designer is in the "Lead designers" group: every model permission of the studio's
  apps (STUDIO_APPS), so a new model of a studio app is covered by the next `migrate`;
- a junior designer is in the "Junior designers" group: views what the API lets a junior
  read, and adds, changes, deletes and views only what the API lets a junior write;
- a junior is never a superuser; a lead's superuser flag (createsuperuser) is left alone: it
  adds Django's developer tables (tokens, groups, idempotency records), nothing the studio needs;
- nobody holds permissions of their own (ticked one by one) or other groups, unless a superuser.

Kept in step by accounts.services (every change of `role` or `is_active`) and, for the groups'
permissions and for the users that existed before, after every `migrate`
(accounts.apps.AccountsConfig connects role_policy_sync_after_migrate to post_migrate).
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from accounts.models import Role

LEAD_GROUP = "Lead designers"
JUNIOR_GROUP = "Junior designers"
GROUP_OF_ROLE = {Role.LEAD: LEAD_GROUP, Role.JUNIOR: JUNIOR_GROUP}

# The studio's own apps, by label: a lead holds every permission of every model in them. An app
# of this project that is not listed here must be in NOT_STUDIO_APPS (a test checks), so a new
# app is a decision, not an accident.
STUDIO_APPS = (
    "accounts",
    "events",
    "studio",
    "inventory",
    "customers",
    "orders",
    "measurements",
    "media_assets",
    "appointments",
    "documents",
    "messaging",
    "webhooks",
)
# The kernel's developer tables (idempotency records) and the demo seeder: superusers only.
NOT_STUDIO_APPS = ("common", "sync", "demo")

# Moving from customers to its own app (issue 10): a label is resolved by model name when its
# app does not hold it (see _resolve), so both homes work.
MEASUREMENT = "measurements.measurement"
STYLE_IMAGE = "media_assets.styleimage"

# What a junior reads through the API (accounts.permissions, API.md's role table): customers,
# orders with their items and timeline, stock with its change log, garment types, the calendar.
# Not payments, not users. (A junior changes their own appointments through the API only.)
JUNIOR_READS = (
    "customers.customer",
    "orders.order",
    "orders.orderitem",
    "orders.orderstatuschange",
    "inventory.inventoryitem",
    "inventory.inventorychange",
    "messaging.messagetemplate",
    "measurements.garmenttype",
    "appointments.appointment",
    "appointments.appointmentstatuschange",
)
# What a junior writes through the API: measurements and style images, fully.
JUNIOR_WRITES = (MEASUREMENT, STYLE_IMAGE)
ALL_ACTIONS = ("add", "change", "delete", "view")


def _studio_models(apps) -> list:
    """The models of the installed studio apps (in the given app registry)."""
    models = []
    for label in STUDIO_APPS:
        try:
            models.extend(apps.get_app_config(label).get_models())
        except LookupError:
            continue  # a studio app not installed (yet) on this branch
    return models


def _resolve(label: str, studio_models: list) -> tuple[str, str] | None:
    """(app_label, model_name) of a studio model named "app.model"; a model that moved to
    another studio app is found by its name. None when no studio app has it."""
    app_label, model_name = label.split(".")
    by_key = {(model._meta.app_label, model._meta.model_name) for model in studio_models}
    if (app_label, model_name) in by_key:
        return app_label, model_name
    moved = sorted(key for key in by_key if key[1] == model_name)
    return moved[0] if len(moved) == 1 else None


def group_permission_keys(apps=global_apps) -> dict[str, set[tuple[str, str, str]]]:
    """The permissions of each group, as (app_label, model_name, codename)."""
    studio_models = _studio_models(apps)

    def keys(labels, actions):
        wanted = set()
        for label in labels:
            resolved = _resolve(label, studio_models)
            if resolved is not None:
                wanted |= {(*resolved, f"{action}_{resolved[1]}") for action in actions}
        return wanted

    lead = set()
    for model in studio_models:
        opts = model._meta
        codenames = [f"{action}_{opts.model_name}" for action in opts.default_permissions]
        codenames += [codename for codename, _name in opts.permissions]
        lead |= {(opts.app_label, opts.model_name, codename) for codename in codenames}
    return {
        LEAD_GROUP: lead,
        JUNIOR_GROUP: keys(JUNIOR_READS, ["view"]) | keys(JUNIOR_WRITES, ALL_ACTIONS),
    }


def role_groups_sync(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> dict[str, object]:
    """Create the two groups if missing and give each exactly its permissions (idempotent).
    Returns the groups by role."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = group_permission_keys(apps)
    permissions = {
        (permission.content_type.app_label, permission.content_type.model, permission.codename): permission.pk
        for permission in Permission.objects.using(using)
        .select_related("content_type")
        .filter(content_type__app_label__in={app_label for keys in wanted.values() for app_label, _, _ in keys})
    }
    groups = {}
    for role, name in GROUP_OF_ROLE.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([permissions[key] for key in sorted(wanted[name]) if key in permissions])
        groups[role] = group
    return groups


def role_groups(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, object]:
    """The two groups by role; made (with their permissions) if a database lacks them."""
    from django.contrib.auth.models import Group

    groups = {group.name: group for group in Group.objects.using(using).filter(name__in=GROUP_OF_ROLE.values())}
    if len(groups) < len(GROUP_OF_ROLE):
        return role_groups_sync(using=using)
    return {role: groups[name] for role, name in GROUP_OF_ROLE.items()}


def role_flags(*, role: str, is_active: bool, is_superuser: bool) -> dict[str, bool]:
    """Django's flags for a user of this role: staff when active and of a studio role; a junior
    (or anyone without a studio role) never a superuser."""
    return {
        "is_staff": bool(is_active and role in GROUP_OF_ROLE),
        "is_superuser": bool(is_superuser and role == Role.LEAD),
    }


def user_role_flags_apply(*, user) -> list[str]:
    """Set the user's flags from their role (not saved). Returns the names that changed."""
    changed = []
    for name, value in role_flags(role=user.role, is_active=user.is_active, is_superuser=user.is_superuser).items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    return changed


def user_role_groups_apply(*, user) -> None:
    """Put a saved user in their role's group (and out of the other); a user who is not a
    superuser keeps no other group and no permissions of their own."""
    groups = role_groups(using=user._state.db or DEFAULT_DB_ALIAS)
    own = groups.get(user.role)
    if user.is_superuser:
        user.groups.remove(*[group for group in groups.values() if group != own])
        if own is not None:
            user.groups.add(own)
        return
    user.groups.set([own] if own is not None else [])
    user.user_permissions.clear()


def users_role_sync(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Derive every user's flags and groups from their role (users made before the policy, or
    by a path that skipped the service). Bulk and idempotent: a second run changes nothing."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    users = User._default_manager.db_manager(using)
    studio_roles = list(GROUP_OF_ROLE)
    users.filter(is_active=True, role__in=studio_roles, is_staff=False).update(is_staff=True)
    users.exclude(is_active=True, role__in=studio_roles).filter(is_staff=True).update(is_staff=False)
    users.exclude(role=Role.LEAD).filter(is_superuser=True).update(is_superuser=False)

    groups = role_groups_sync(apps=apps, using=using)
    memberships = User._meta.get_field("groups").remote_field.through._default_manager.db_manager(using)
    own_permissions = User._meta.get_field("user_permissions").remote_field.through._default_manager.db_manager(using)
    ordinary = users.filter(is_superuser=False).values("pk")
    studio_groups = [group.pk for group in groups.values()]
    memberships.filter(user__in=ordinary).exclude(group__in=studio_groups).delete()
    own_permissions.filter(user__in=ordinary).delete()

    wanted = {(pk, groups[role].pk) for pk, role in users.filter(role__in=studio_roles).values_list("pk", "role")}
    present = set(memberships.filter(group__in=studio_groups).values_list("user_id", "group_id"))
    for user_id, group_id in present - wanted:
        memberships.filter(user_id=user_id, group_id=group_id).delete()
    memberships.bulk_create(
        [memberships.model(user_id=user_id, group_id=group_id) for user_id, group_id in sorted(wanted - present)]
    )


def role_policy_sync_after_migrate(sender, *, apps=global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: the groups' permissions follow the models as migrated, and every user
    follows the policy. Django creates permissions in post_migrate too, app by app; the studio
    apps' are made first (idempotent, as Django's own handler), so the order of the apps does
    not matter."""
    from django.contrib.auth.management import create_permissions

    for label in STUDIO_APPS:
        try:
            app_config = global_apps.get_app_config(label)
        except LookupError:
            continue
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    users_role_sync(apps=apps, using=using)
