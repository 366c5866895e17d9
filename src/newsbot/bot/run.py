"""Running the bot for real: long polling by default, or a webhook behind a proxy."""

from __future__ import annotations

import logging
import secrets

from telegram import Update
from telegram.error import InvalidToken, NetworkError

from newsbot.bot.app import build_application
from newsbot.config import Settings
from newsbot.errors import ConfigurationError, NewsbotError
from newsbot.service import SearchService

logger = logging.getLogger(__name__)


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
    application, handlers = build_application(settings, service)
    mode = "webhook" if webhook else "long polling"
    logger.info("starting the bot with %s", mode)
    try:
        if webhook:
            url = webhook_address(settings)
            secret = (
                settings.webhook_secret.get_secret_value()
                if settings.webhook_secret
                else secrets.token_urlsafe(32)
            )
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=settings.webhook_path,
                webhook_url=url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
                bootstrap_retries=3,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=3)
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
