"""Templates' `{placeholders}`, substituted as plain text.

Nothing in a template or in customer data is ever executed or interpreted: no Django template
engine, no str.format (which reads attributes and indexes), one pass over the template that
copies text and replaces each `{name}` by its value. A value that itself holds braces
(a customer named "{{7*7}}") is copied as written, never rendered again.
"""

import re
from collections.abc import Mapping

PLACEHOLDERS = (
    "customer_name",
    "order_title",
    "order_id",
    "delivery_date",
    "amount",
    "balance_due",
    "amount_paid",
    "currency",
    "appointment_time",
    "appointment_kind",
    "studio_name",
    "tracking_url",
)

_TOKEN = re.compile(r"\{([^{}]*)\}|[{}]")


class TemplateError(ValueError):
    pass


def template_check(text: str) -> None:
    """TemplateError naming the first unknown placeholder or unbalanced brace in `text`."""
    for match in _TOKEN.finditer(text):
        if match.group(1) is None:
            raise TemplateError(f"Unbalanced brace {match.group(0)!r} at character {match.start() + 1}.")
        name = match.group(1)
        if name not in PLACEHOLDERS:
            raise TemplateError(
                f"Unknown placeholder {{{name}}}; use one of: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS) + "."
            )


def template_render(text: str, context: Mapping[str, str]) -> str:
    """`text` with each `{placeholder}` replaced by its value in `context` ("" when absent)."""
    template_check(text)
    return _TOKEN.sub(lambda match: str(context.get(match.group(1), "")), text)
