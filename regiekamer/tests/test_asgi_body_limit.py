"""Issue 15, finding 2, under ASGI: Django's ASGI handler reads a whole request body into a temporary file
before any middleware runs, so the body limit is kept by `RequestBodyLimitASGIMiddleware` around the
application in regiekamer/asgi.py. Each test calls the ASGI application directly with a scope and a
`receive` that sends a body chunk by chunk and counts the chunks read."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.test import override_settings

from regiekamer.asgi import application
from regiekamer.uploads import RequestBodyLimitASGIMiddleware

LIMIT = 1024 * 1024
CHUNK = 256 * 1024


def _call(app, scope, receive, send) -> None:
    """`app` called to the end from a thread of its own: a test process that has run a browser journey keeps
    Playwright's event loop in its main thread, where async_to_sync refuses to run."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(async_to_sync(app), scope, receive, send).result()


class Client:
    """One request to an ASGI application: the body in CHUNK-sized `http.request` messages (declared with
    Content-Length or not), what the application sent back, and how many messages it read."""

    def __init__(self, *, size: int, declared: int | None, path: str = "/", language: str | None = None):
        self.size, self.declared, self.path, self.language = size, declared, path, language
        self.sent_bytes = 0
        self.reads = 0
        self.messages: list[dict] = []

    def scope(self) -> dict:
        headers = [(b"host", b"testserver"), (b"content-type", b"application/octet-stream")]
        if self.declared is not None:
            headers.append((b"content-length", str(self.declared).encode()))
        if self.language:
            headers.append((b"cookie", f"{settings.LANGUAGE_COOKIE_NAME}={self.language}".encode()))
        return {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }

    async def receive(self) -> dict:
        self.reads += 1
        if self.sent_bytes >= self.size:
            return {"type": "http.disconnect"}
        chunk = min(CHUNK, self.size - self.sent_bytes)
        self.sent_bytes += chunk
        return {"type": "http.request", "body": b"x" * chunk, "more_body": self.sent_bytes < self.size}

    async def send(self, message: dict) -> None:
        self.messages.append(message)

    def call(self, app) -> "Client":
        _call(app, self.scope(), self.receive, self.send)
        return self

    @property
    def status(self) -> int:
        return next(m["status"] for m in self.messages if m["type"] == "http.response.start")

    @property
    def headers(self) -> dict[str, str]:
        start = next(m for m in self.messages if m["type"] == "http.response.start")
        return {name.decode(): value.decode() for name, value in start["headers"]}

    @property
    def body(self) -> str:
        parts = [m.get("body", b"") for m in self.messages if m["type"] == "http.response.body"]
        return b"".join(parts).decode()


GIB = 1024**3


@pytest.fixture(autouse=True)
def _small_limit():
    with override_settings(UPLOAD_MAX_REQUEST_BYTES=LIMIT):
        yield


def test_a_declared_1_gib_body_is_refused_without_reading_it():
    client = Client(size=GIB, declared=GIB).call(application)

    assert client.status == 413
    assert client.reads == 0  # not one chunk read, nothing written to a temporary file
    assert "Te groot om te uploaden" in client.body
    assert "Wat u verstuurde is 1.024 MB" in client.body
    assert int(client.headers["content-length"]) == len(client.body.encode())


def test_a_chunked_1_gib_body_is_refused_once_it_passes_the_limit():
    """No Content-Length: Django's handler would spool all of it; the chunks stop just past the limit."""
    client = Client(size=GIB, declared=None).call(application)

    assert client.status == 413
    assert client.reads == LIMIT // CHUNK + 1  # the chunk that passed the limit is the last one read
    assert client.sent_bytes <= LIMIT + CHUNK
    assert "Wat u verstuurde is meer dan 1 MB" in client.body


def test_a_body_larger_than_its_declared_length_is_counted_too():
    client = Client(size=GIB, declared=1000).call(application)

    assert client.status == 413
    assert client.reads == LIMIT // CHUNK + 1


def test_the_refusal_is_in_english_when_english_was_chosen_and_json_under_the_api():
    page = Client(size=GIB, declared=None, language="en").call(application)
    api = Client(size=GIB, declared=GIB, path="/api/portfolio/projects/", language="en").call(application)

    assert page.status == 413 and "Too large to upload" in page.body and "more than 1 MB" in page.body
    assert api.status == 413 and api.headers["content-type"] == "application/json"
    assert json.loads(api.body)["detail"].startswith("What you sent is 1,024 MB; at most 1 MB")


async def _echo(scope, receive, send):
    """An application that reads the whole body and answers with its size."""
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(size).encode()})


@pytest.mark.parametrize("declared", [True, False])
def test_a_body_within_the_limit_reaches_the_application_whole(declared):
    size = LIMIT  # exactly the limit is allowed
    client = Client(size=size, declared=size if declared else None)
    client.call(RequestBodyLimitASGIMiddleware(_echo))

    assert client.status == 200
    assert client.body == str(size)


def test_other_connections_pass_through():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    _call(RequestBodyLimitASGIMiddleware(app), {"type": "lifespan"}, None, None)
    assert seen == ["lifespan"]
