"""The studio's own name on its pages: `{% load studio %}{% studio_name %}`."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def studio_name() -> str:
    return settings.STUDIO_NAME
