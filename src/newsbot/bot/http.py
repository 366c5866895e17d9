"""The bot's HTTP server: the Telegram webhook (in webhook mode), /healthz, /readyz and /metrics.

One tornado server serves them all, so a proxy, a container health check and Prometheus talk to
the same port. A webhook request must carry the secret Telegram was given in
`X-Telegram-Bot-Api-Secret-Token`; anything else gets 403 and no update is handled.

The webhook refuses from the headers alone, before any of the body is read: the secret is
checked in `prepare()` of a streaming handler, a declared length over `MAX_UPDATE_BYTES` gets
413, and the server reads no body larger than that (a chunked one is cut off there). Large
unauthenticated POSTs therefore cost no memory: reading six 95 MiB bodies before refusing them
took the process from 87 to 751 MiB.

An update is acknowledged (200) only once it has been handled, because Telegram forgets an
update as soon as it gets a 200: acknowledging on arrival, as this server once did, lost every
update queued but not yet answered when the process was killed. `Deliveries` does the handling
and says what to answer; see there for the bounds that keep a slow handler from holding
Telegram's requests past its timeout, and for updates Telegram sends twice.
"""

from __future__ import annotations

import asyncio
import enum
import hmac
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import HTTPError, RequestHandler, stream_request_body

from newsbot.app.service import SearchService
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.types import AnyApplication

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few KiB; anything near this is not one.
MAX_UPDATE_BYTES = 1 << 20
# Telegram waits 60 s for a webhook's answer, then closes the connection and sends the update
# again; a handler still running after this long is acknowledged anyway (with margin for the
# proxy and the network), so that a slow update is not handled twice.
ANSWER_WITHIN = 45.0
# Concurrent webhook requests asked of Telegram in setWebhook (Telegram's own default).
MAX_CONNECTIONS = 40
# Updates handled at once, counting those acknowledged late and still running; beyond it the
# webhook answers 503 and Telegram sends the update again later.
MAX_PENDING = 4 * MAX_CONNECTIONS
# Update ids remembered once handled, to recognise a copy Telegram sends again.
REMEMBERED_UPDATES = 10_000


class Delivery(enum.Enum):
    """What became of an update the webhook received, and so what Telegram is answered."""

    HANDLED = "handled"
    LATE = "late"  # still being handled after ANSWER_WITHIN: acknowledged, not waited for
    ALREADY_HANDLED = "already handled"  # a copy of one handled, or being handled, already
    REFUSED = "refused"  # not handled (stopping, or too many pending): Telegram sends it again

    @property
    def status(self) -> int:
        """The HTTP status: 200 tells Telegram to forget the update, 503 to send it again."""
        return 503 if self is Delivery.REFUSED else 200


class Deliveries:
    """Hands webhook updates to the application and says when each may be acknowledged.

    Each update is processed through the application's own update processor, so PTB's limit
    on concurrent updates holds as it does for polling, and `deliver` returns when the
    handlers have finished (their errors go to the error handler, as ever). The bounds:

    - Telegram sends at most `MAX_CONNECTIONS` requests at once and waits for each answer, so
      waiting for the handlers is its back-pressure; they are not queued here without end.
    - A handler slower than `ANSWER_WITHIN` (flood control can hold a reply for a long time)
      gets its update acknowledged at that deadline and goes on in the background. Such an
      update is the only kind a kill -9 can still lose; answering later would make Telegram
      time out and send it again, to be answered twice.
    - At most `MAX_PENDING` updates are handled at once; more get 503 and come back later.
    - An update id seen before (one of the last `REMEMBERED_UPDATES`, or one still being
      handled) is not handled again: its copy is answered when the first is done. Only after a
      crash can Telegram's copy of an update whose reply went out, but whose 200 did not, be
      answered a second time: delivery is at least once.
    """

    def __init__(
        self,
        application: AnyApplication,
        *,
        sent: Callable[[Update], Awaitable[None]] | None = None,
        answer_within: float = ANSWER_WITHIN,
        max_pending: int = MAX_PENDING,
        remembered: int = REMEMBERED_UPDATES,
    ) -> None:
        self.application = application
        # Handlers hand their replies to a queue that sends them in the background; an update
        # is handled once its replies are sent (`Outbox.settle`), not only queued.
        self.sent = sent
        self.answer_within = answer_within
        self.max_pending = max_pending
        self.remembered = remembered
        self.closing = False
        self._handling: dict[int, asyncio.Task[None]] = {}
        self._handled: OrderedDict[int, None] = OrderedDict()
        self._requests = 0

    @property
    def pending(self) -> int:
        """Updates being handled now."""
        return len(self._handling)

    async def deliver(self, update: Update) -> Delivery:
        """Handle `update` once, waiting for it at most `answer_within` seconds."""
        update_id = update.update_id
        if update_id in self._handled:
            logger.info("update %d came again after it was handled; not handled twice", update_id)
            return Delivery.ALREADY_HANDLED
        task = self._handling.get(update_id)
        if task is not None:
            logger.info("update %d came again while being handled; answering with it", update_id)
            again = True
        else:
            if self.closing or len(self._handling) >= self.max_pending:
                logger.warning(
                    "update %d refused (%s); Telegram will send it again",
                    update_id,
                    "shutting down" if self.closing else f"{len(self._handling)} pending",
                )
                return Delivery.REFUSED
            task = asyncio.create_task(self._handle(update), name=f"webhook update {update_id}")
            self._handling[update_id] = task
            again = False
        self._requests += 1
        try:
            # asyncio.wait, unlike wait_for, leaves the handler running at the deadline.
            done, _ = await asyncio.wait({task}, timeout=self.answer_within)
        finally:
            self._requests -= 1
        if not done:
            logger.warning(
                "update %d still being handled after %.0f s; acknowledged so that Telegram "
                "does not send it again",
                update_id,
                self.answer_within,
            )
            return Delivery.LATE
        if task.cancelled():  # stopped at shutdown: not handled, so not acknowledged
            return Delivery.REFUSED
        return Delivery.ALREADY_HANDLED if again else Delivery.HANDLED

    async def _handle(self, update: Update) -> None:
        application = self.application
        handling = application.process_update(update)
        try:
            await application.update_processor.process_update(update, handling)
            if self.sent is not None:
                await self.sent(update)
        except asyncio.CancelledError:  # at a stop: not handled, so not remembered as handled
            handling.close()  # in case it was still waiting for its turn, never started
            self._handling.pop(update.update_id, None)
            raise
        except Exception:
            # process_update gives handler errors to the error handler; what escapes it would
            # escape again on every copy, so the update is acknowledged all the same.
            logger.exception("update %d could not be handled", update.update_id)
        self._handling.pop(update.update_id, None)
        self._handled[update.update_id] = None
        while len(self._handled) > self.remembered:
            self._handled.popitem(last=False)

    async def drain(self, timeout: float) -> None:
        """Refuse new updates and wait (at most `timeout` seconds) for those being handled and
        for their requests to be answered, so that a clean stop acknowledges what it handled."""
        self.closing = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if self._handling:
            _, running = await asyncio.wait(set(self._handling.values()), timeout=timeout)
            if running:
                logger.warning("stopping with %d updates still being handled", len(running))
        while self._requests and loop.time() < deadline:
            await asyncio.sleep(0.01)


class _Health(RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/plain")
        self.write("ok\n")


class _Ready(RequestHandler):
    def initialize(self, service: SearchService) -> None:
        self.service = service

    def get(self) -> None:
        self.set_header("Content-Type", "text/plain")
        if self.service.ready:
            self.write("ready\n")
        else:
            self.set_status(503)
            self.write("no index loaded\n")


class _Metrics(RequestHandler):
    def initialize(self, metrics: BotMetrics) -> None:
        self.metrics = metrics

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.write(self.metrics.exposition())


@stream_request_body
class _Webhook(RequestHandler):
    """The webhook: `prepare` sees only the headers, so refusing there reads no body."""

    def initialize(self, deliveries: Deliveries, secret: str) -> None:
        self.deliveries = deliveries
        self.secret = secret
        self.chunks: list[bytes] = []
        self.size = 0

    async def prepare(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            logger.warning(
                "webhook request without the right secret from %s", self.request.remote_ip
            )
            await self._refuse(403, "Forbidden")
            return
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_UPDATE_BYTES:
            logger.warning("webhook request of %s bytes refused: no update is that long", length)
            await self._refuse(413, "Payload Too Large")

    async def _refuse(self, status: int, reason: str) -> None:
        """Answer now, with the body unread; tornado then closes the connection rather than
        read a body nobody wants (so the client cannot keep it alive either)."""
        self.set_status(status)
        self.set_header("Content-Type", "text/plain")
        self.set_header("Connection", "close")
        await self.finish(f"{reason}\n")

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_UPDATE_BYTES:  # the server's max_body_size stops it first
            raise HTTPError(413)
        self.chunks.append(chunk)

    async def post(self) -> None:
        try:
            data = json.loads(b"".join(self.chunks))
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update: no integer update_id")
            update = Update.de_json(data, self.deliveries.application.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            logger.warning("webhook request with a malformed update: %s", error)
            self.send_error(400)
            return
        delivery = await self.deliveries.deliver(update)
        self.set_status(delivery.status)
        if delivery is Delivery.REFUSED:
            self.set_header("Retry-After", "1")


def start_http_server(
    listen: str,
    port: int,
    service: SearchService,
    metrics: BotMetrics,
    application: AnyApplication | None = None,
    webhook_path: str = "",
    secret: str = "",
    deliveries: Deliveries | None = None,
) -> HTTPServer:
    """Start serving on the running event loop; the webhook route only when `application`
    (its updates handled by `deliveries`, made here when not given)."""
    routes: list[Any] = [
        (r"/healthz", _Health),
        (r"/readyz", _Ready, {"service": service}),
        (r"/metrics", _Metrics, {"metrics": metrics}),
    ]
    if application is not None:
        deliveries = deliveries or Deliveries(application)
        routes.append(
            (rf"/{webhook_path}/?", _Webhook, {"deliveries": deliveries, "secret": secret})
        )
    server = HTTPServer(
        WebApplication(routes, log_function=_quiet_log),
        xheaders=True,
        max_body_size=MAX_UPDATE_BYTES,
    )
    server.listen(port, address=listen)
    served = "webhook, health, metrics" if application is not None else "health, metrics"
    logger.info("HTTP server on %s:%d (%s)", listen, port, served)
    return server


def _quiet_log(handler: RequestHandler) -> None:
    status = handler.get_status()
    if status >= 400:
        logger.info("%s %s -> %d", handler.request.method, handler.request.path, status)
