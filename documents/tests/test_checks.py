"""The deploy check of the tracking links' origin (`manage.py check --deploy`)."""

from documents.checks import check_site_url


def test_deploy_check_warns_without_site_url(settings):
    settings.SITE_URL = ""

    assert [warning.id for warning in check_site_url(None)] == ["studio.W201"]


def test_deploy_check_is_quiet_with_site_url(settings):
    settings.SITE_URL = "https://studio.example.com"

    assert check_site_url(None) == []
