"""The bot's HTTP server: the Telegram webhook (in webhook mode), /healthz, /readyz and /metrics.

One tornado server serves them all, so a proxy, a container health check and Prometheus talk to
the same port. A webhook request must carry the secret Telegram was given in
`X-Telegram-Bot-Api-Secret-Token`; anything else gets 403 and no update is handled.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler

from newsbot.app.service import SearchService
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.types import AnyApplication

logger = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1 << 20


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


class _Webhook(RequestHandler):
    def initialize(self, bot_application: AnyApplication, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            logger.warning(
                "webhook request without the right secret from %s", self.request.remote_ip
            )
            self.send_error(403)
            return
        if len(self.request.body) > MAX_UPDATE_BYTES:
            self.send_error(413)
            return
        try:
            data = json.loads(self.request.body)
            update = Update.de_json(data, self.bot_application.bot)
        except (ValueError, TypeError, KeyError) as error:
            logger.warning("webhook request with a malformed update: %s", error)
            self.send_error(400)
            return
        await self.bot_application.update_queue.put(update)
        self.set_status(200)


def start_http_server(
    listen: str,
    port: int,
    service: SearchService,
    metrics: BotMetrics,
    application: AnyApplication | None = None,
    webhook_path: str = "",
    secret: str = "",
) -> HTTPServer:
    """Start serving on the running event loop; the webhook route only when `application`."""
    routes: list[Any] = [
        (r"/healthz", _Health),
        (r"/readyz", _Ready, {"service": service}),
        (r"/metrics", _Metrics, {"metrics": metrics}),
    ]
    if application is not None:
        routes.append(
            (rf"/{webhook_path}/?", _Webhook, {"bot_application": application, "secret": secret})
        )
    server = HTTPServer(WebApplication(routes, log_function=_quiet_log), xheaders=True)
    server.listen(port, address=listen)
    served = "webhook, health, metrics" if application is not None else "health, metrics"
    logger.info("HTTP server on %s:%d (%s)", listen, port, served)
    return server


def _quiet_log(handler: RequestHandler) -> None:
    status = handler.get_status()
    if status >= 400:
        logger.info("%s %s -> %d", handler.request.method, handler.request.path, status)
