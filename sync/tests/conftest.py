from sync.resources import REGISTRY


def sync_all(client, cursor=None, limit=200, replica=None):
    """Page until has_more is false, applying each change to `replica` ({(resource, id): data})."""
    replica = {} if replica is None else replica
    requests = 0
    while True:
        params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/sync/", params)
        assert response.status_code == 200, response.content
        requests += 1
        body = response.json()
        keys = [(change["resource"], change["id"]) for change in body["changes"]]
        assert len(keys) == len(set(keys)), "a row twice in one page"
        for change in body["changes"]:
            key = (change["resource"], change["id"])
            if change["op"] == "upsert":
                replica[key] = change["data"]
            else:
                assert change["data"] is None
                replica.pop(key, None)
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return replica, cursor, requests
        assert requests < 1000


def server_state(client, user):
    """What the detail endpoints show now: fetched through the API itself."""
    state = {}
    paths = {
        "customer": "/api/v1/customers/",
        "inventory_item": "/api/v1/inventory/",
        "order": "/api/v1/orders/",
        "payment": "/api/v1/payments/",
        "measurement": "/api/v1/measurements/",
        "style_image": "/api/v1/style-images/",
        "appointment": "/api/v1/appointments/",
        "garment_type": "/api/v1/garment-types/",
    }
    for resource in REGISTRY.for_user(user):
        for pk in resource.queryset().values_list("pk", flat=True):
            response = client.get(f"{paths[resource.name]}{pk}/")
            assert response.status_code == 200, (resource.name, pk, response.content)
            state[(resource.name, pk)] = response.json()
    return state
