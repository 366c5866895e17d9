"""Running the bot for real: long polling by default, or a webhook behind a proxy.

One event loop runs everything: the Telegram application, the HTTP server (webhook, /healthz,
/readyz, /metrics) and, when asked, the corpus watcher. SIGINT and SIGTERM stop it cleanly, as
does a fatal error such as a second instance polling the same token. In webhook mode a stop
first finishes the updates being handled (for up to `DRAIN_SECONDS`) and answers those arriving
meanwhile with 503, so that each update is either answered and acknowledged or left to
Telegram to send again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from tornado.httpserver import HTTPServer

from newsbot.app.service import SearchService
from newsbot.bot.app import build_application
from newsbot.bot.handlers import Handlers
from newsbot.bot.http import MAX_CONNECTIONS, Deliveries, start_http_server
from newsbot.bot.logs import redact_also
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.types import AnyApplication
from newsbot.bot.watch import watch_corpus
from newsbot.config import Settings
from newsbot.errors import ConfigurationError, NewsbotError

logger = logging.getLogger(__name__)

BOOTSTRAP_RETRIES = 3
# At a stop, how long the webhook waits for the updates being handled, so that it acknowledges
# them; inside the 30 s that deploy/ gives the process before a SIGKILL.
DRAIN_SECONDS = 20.0


def webhook_address(settings: Settings) -> str:
    """The full URL Telegram posts updates to: the public URL plus the webhook path."""
    if not settings.webhook_url:
        raise ConfigurationError(
            "webhook mode needs NEWSBOT_WEBHOOK_URL, the public HTTPS address of this bot"
        )
    base = settings.webhook_url.rstrip("/")
    path = settings.webhook_path
    return base if not path or base.endswith("/" + path) else f"{base}/{path}"


def run_bot(settings: Settings, service: SearchService, webhook: bool) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM); raise NewsbotError on a fatal problem."""
    metrics = BotMetrics()
    metrics.observe_index(service)
    application, handlers = build_application(settings, service, metrics=metrics)
    if webhook:
        webhook_address(settings)  # fail early, before connecting to Telegram
    try:
        asyncio.run(_serve(application, handlers, settings, service, metrics, webhook))
    except InvalidToken:
        raise ConfigurationError(
            "Telegram rejected NEWSBOT_TELEGRAM_TOKEN; check it with @BotFather"
        ) from None
    except NetworkError as error:
        raise NewsbotError(
            f"cannot reach the Telegram Bot API ({error.message}); check the network and "
            "NEWSBOT_TELEGRAM_BASE_URL"
        ) from None
    if handlers.fatal_error:
        raise NewsbotError(handlers.fatal_error)


async def _serve(
    application: AnyApplication,
    handlers: Handlers,
    settings: Settings,
    service: SearchService,
    metrics: BotMetrics,
    webhook: bool,
) -> None:
    stop = asyncio.Event()
    handlers.stop = stop.set
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await _initialize(application)
    # Initialized already (entering again is a no-op), so `async with` is here for the
    # shutdown on the way out, however we leave.
    async with application:
        server: HTTPServer | None = None
        deliveries: Deliveries | None = None
        watcher: asyncio.Task[None] | None = None
        try:
            if application.post_init is not None:
                await application.post_init(application)
            if webhook:
                deliveries = Deliveries(application, sent=handlers.outbox.settle)
                server = await _start_webhook(application, settings, service, metrics, deliveries)
            else:
                server = await _start_polling(application, settings, service, metrics)
            await application.start()
            if settings.watch:
                watcher = asyncio.create_task(watch_corpus(service, metrics, stop))
            await stop.wait()
            logger.info("stopping")
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            if server is not None:
                server.stop()
            if deliveries is not None:
                await deliveries.drain(DRAIN_SECONDS)
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()


async def _start_webhook(
    application: AnyApplication,
    settings: Settings,
    service: SearchService,
    metrics: BotMetrics,
    deliveries: Deliveries,
) -> HTTPServer:
    """Tell Telegram where to post updates, then serve that address (and health, metrics).

    A secret generated here is masked in the logs before its first use: PTB logs the
    parameters of setWebhook at DEBUG, and the secret is all an update needs to be accepted.
    """
    if settings.webhook_secret:
        secret = settings.webhook_secret.get_secret_value()
    else:
        secret = secrets.token_urlsafe(32)
        redact_also(secret)
    await application.bot.set_webhook(
        webhook_address(settings),
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
        max_connections=MAX_CONNECTIONS,
    )
    server = start_http_server(
        settings.webhook_listen,
        settings.webhook_port,
        service,
        metrics,
        application,
        settings.webhook_path,
        secret,
        deliveries,
    )
    logger.info("serving the webhook at %s", webhook_address(settings))
    return server


async def _start_polling(
    application: AnyApplication, settings: Settings, service: SearchService, metrics: BotMetrics
) -> HTTPServer | None:
    """Start long polling, and the health and metrics server when a port is set for it."""
    assert application.updater is not None
    await application.updater.start_polling(
        allowed_updates=Update.ALL_TYPES,
        bootstrap_retries=BOOTSTRAP_RETRIES,
        error_callback=lambda error: _forward_error(application, error),
    )
    server = None
    if settings.health_port:
        server = start_http_server(settings.webhook_listen, settings.health_port, service, metrics)
    logger.info("polling Telegram for updates")
    return server


async def _initialize(application: AnyApplication) -> None:
    """Connect to Telegram (getMe), retrying a few times on network errors: `async with`
    alone would give up at the first one."""
    for attempt in range(1, BOOTSTRAP_RETRIES + 1):
        try:
            await application.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as error:
            if attempt == BOOTSTRAP_RETRIES:
                raise
            logger.warning("cannot reach Telegram yet (%s); retrying", error.message)
            await asyncio.sleep(attempt)


def _forward_error(application: AnyApplication, error: TelegramError) -> None:
    """Polling errors go to the same error handler as everything else."""
    application.create_task(application.process_error(update=None, error=error))
