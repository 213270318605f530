"""Static files storage: WhiteNoise's compressed, hashed files, without a 500 before collectstatic."""

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StudioStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names from the manifest `collectstatic` writes; until it has run (a deploy that skipped
    it, a container without STATIC_ROOT), the file's own name, served by WhiteNoise from the apps'
    static folders (WHITENOISE_USE_FINDERS), instead of Django's ValueError on every page that
    links a stylesheet (the admin, the docs, the browsable API)."""

    manifest_strict = False
    _warned = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            if not StudioStaticFilesStorage._warned:
                StudioStaticFilesStorage._warned = True
                logger.warning(
                    "static file %s is not in the collectstatic manifest: serving unhashed names; "
                    "run `python manage.py collectstatic` (the Procfile's web step does)",
                    name,
                )
            return name
