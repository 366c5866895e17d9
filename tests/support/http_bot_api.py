"""The fake Bot API over real HTTP, for end-to-end tests of ``newsbot run`` as a subprocess.

``BotApiServer`` serves ``GET``/``POST /bot<token>/<method>`` on 127.0.0.1 (ephemeral port) from
a background thread, answering from the same ``BotApiEmulator`` as ``FakeBotAPI``::

    with BotApiServer() as server:
        env = {..., "NEWSBOT_TELEGRAM_BASE_URL": server.base_url}
        server.queue_update(updates.private_command("/start"))
        ... start `newsbot run` ...
        call = server.wait_for("sendMessage", lambda c: c.params["chat_id"] == 1001)

PTB's ``HTTPXRequest`` sends ``application/x-www-form-urlencoded`` bodies whose values are the
``RequestData.json_parameters`` (strings as-is, everything else JSON-encoded), and
``multipart/form-data`` when files are uploaded; ``application/json`` bodies and query strings
are accepted too. Form values are decoded back to plain Python: nested JSON, numbers and
booleans are decoded except for parameters that are strings in the Bot API (text, data, ...).
"""

from __future__ import annotations

import json
import re
import sys
import threading
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.support.fake_telegram import (
    BotApiEmulator,
    Call,
    CallPredicate,
    EmulatorFacade,
    JSONDict,
)

STRING_PARAMETERS = frozenset(
    {
        "text",
        "caption",
        "message_text",
        "parse_mode",
        "query",
        "data",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "url",
        "next_offset",
        "action",
        "language_code",
        "secret_token",
        "ip_address",
        "description",
        "short_description",
        "name",
        "title",
        "emoji",
        "custom_emoji_id",
        "switch_pm_text",
        "switch_pm_parameter",
        "photo",
        "document",
        "voice",
        "audio",
        "video",
        "sticker",
        "animation",
        "file_id",
    }
)
"""Bot API parameters whose values are strings, so ``"123"`` or ``"true"`` stays a string."""

_PATH_RE = re.compile(r"/bot([^/]+)/([A-Za-z0-9_]+)/?")
_NOT_FOUND = b'{"ok":false,"error_code":404,"description":"Not Found"}'


def decode_form_value(name: str, value: str) -> Any:
    """A form value as plain Python: JSON-decoded unless ``name`` is a string parameter."""
    if name in STRING_PARAMETERS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def parse_body(content_type: str, body: bytes) -> tuple[JSONDict, dict[str, str]]:
    """Parameters and uploaded file names from a request body of ``content_type``."""
    params: JSONDict = {}
    files: dict[str, str] = {}
    media_type = content_type.split(";", 1)[0].strip().lower()
    if not body:
        return params, files
    if media_type == "application/json":
        decoded = json.loads(body.decode("utf-8"))
        if isinstance(decoded, dict):
            params.update(decoded)
    elif media_type == "application/x-www-form-urlencoded":
        for name, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            params[name] = decode_form_value(name, value)
    elif media_type == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        parsed = BytesParser(policy=HTTP).parsebytes(head + body)
        for part in parsed.iter_parts() if isinstance(parsed, EmailMessage) else ():
            part_name = part.get_param("name", header="content-disposition")
            if not isinstance(part_name, str):
                continue
            filename = part.get_filename()
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            if filename is not None:
                files[part_name] = filename
            else:
                params[part_name] = decode_form_value(part_name, data.decode("utf-8"))
    return params, files


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True  # server_close() joins the handler threads
    owner: BotApiServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client gave up (e.g. its read timeout during an injected hang)
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.0"  # one request per connection: nothing lingers at shutdown

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _serve(self) -> None:
        owner = self.server.owner
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        match = _PATH_RE.fullmatch(url.path)
        if match is None:
            self._reply(404, _NOT_FOUND)
            return
        method = match.group(2)
        try:
            params, files = parse_body(self.headers.get("Content-Type") or "", body)
        except (ValueError, UnicodeDecodeError):
            error = b'{"ok":false,"error_code":400,"description":"Bad Request: invalid body"}'
            self._reply(400, error)
            return
        for name, value in parse_qsl(url.query, keep_blank_values=True):
            params.setdefault(name, decode_form_value(name, value))
        if method.lower() == "getupdates":
            owner._long_poll(params)
        outcome = owner.emulator.handle(method, params, files)
        if outcome.timed_out:
            owner._stopping.wait(owner.hang_seconds)
            self.close_connection = True  # drop the connection without an answer
            return
        self._reply(outcome.status, outcome.body)

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class BotApiServer(EmulatorFacade):
    """A real HTTP Bot API on 127.0.0.1 backed by a ``BotApiEmulator`` (context manager).

    ``long_poll_max`` caps how long getUpdates waits for an update; an injected timeout
    (``timeout_next``) holds the connection for ``hang_seconds`` (longer than PTB's default 5 s
    read timeout, so the client raises TimedOut) and then drops it unanswered.
    """

    def __init__(
        self,
        emulator: BotApiEmulator | None = None,
        *,
        strict_messages: bool = False,
        long_poll_max: float = 0.5,
        hang_seconds: float = 6.0,
    ) -> None:
        self.emulator = emulator or BotApiEmulator(strict_messages=strict_messages)
        self.long_poll_max = long_poll_max
        self.hang_seconds = hang_seconds
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> BotApiServer:
        if self._httpd is not None:
            raise RuntimeError("BotApiServer is already running")
        self._stopping.clear()
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="BotApiServer",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        self.emulator.notify()
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> BotApiServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("BotApiServer is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/bot``: PTB's ``base_url`` (the token is appended)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def wait_for(
        self, method: str, predicate: CallPredicate | None = None, timeout: float = 10.0
    ) -> Call:
        """Block until a matching call is recorded; AssertionError listing the calls if not."""
        return self.emulator.wait_for(method, predicate, timeout)

    def _long_poll(self, params: JSONDict) -> None:
        try:
            requested = float(params.get("timeout") or 0)
        except (TypeError, ValueError):
            requested = 0.0
        wait = min(requested, self.long_poll_max)
        if wait > 0:
            self.emulator.wait_updates_ready(params, wait, self._stopping)
