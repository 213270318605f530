"""Developer machine: DEBUG on unless DEBUG=false."""

from .base import *  # noqa: F403
from .base import SITE_URL, env

DEBUG = env.bool("DEBUG", default=True)

# `make run` says where it serves (web and worker get MAKE_RUN_ORIGIN): links rendered without a
# request, such as the tracking link in a customer message, point there unless SITE_URL is set.
SITE_URL = SITE_URL or env("MAKE_RUN_ORIGIN", default="")
