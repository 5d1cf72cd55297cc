import pytest


@pytest.fixture(autouse=True)
def english(client):
    """Assertions name the English msgids; the Dutch catalogue is checked by the crawl."""
    from django.conf import settings
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
