"""Developer machine: DEBUG on unless DEBUG=false."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
