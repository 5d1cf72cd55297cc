from programme.tests.conftest import english  # noqa: F401 - autouse: messages asserted in English
