"""A fake Telegram Bot API at python-telegram-bot's own transport seam.

``BotApiEmulator`` is a synchronous, thread-safe emulation of the Bot API methods newsbot uses:
it records every call, keeps the state Telegram keeps (messages the bot sent, pending updates,
commands, webhook) and answers with the JSON and HTTP status Telegram would, including the
errors a bot has to cope with (unparsable HTML, "message is not modified", flood control, a
blocked user). ``FakeBotAPI`` wraps it as a ``telegram.request.BaseRequest`` so a real
``telegram.Bot`` / ``Application`` runs against it in-process; ``tests.support.http_bot_api``
serves the same emulator over real HTTP for end-to-end tests.

Usage::

    api = FakeBotAPI()
    bot = telegram.Bot("123:ABC", request=api, get_updates_request=api)
    app = ApplicationBuilder().bot(bot).build()   # or .token(...).request(api)
                                                  #    .get_updates_request(api)

How PTB maps the answers to exceptions (``BaseRequest._request_wrapper``): a ``parameters``
object with ``retry_after`` raises ``RetryAfter`` and one with ``migrate_to_chat_id`` raises
``ChatMigrated`` whatever the status; otherwise 403 → ``Forbidden``, 400 → ``BadRequest``, 409 →
``Conflict``, 401 and 404 → ``InvalidToken`` (``Bot.do_api_request`` turns that into
``EndPointNotFound`` once the bot is initialized), anything else → ``NetworkError``. Exceptions
raised by ``do_request`` other than ``TelegramError`` become ``NetworkError("Unknown error in
HTTP implementation: ...")``. ``TelegramError`` drops the "Bad Request: " prefix and applies
``str.capitalize()`` to the rest, so match descriptions case-insensitively.

Note: constructing ``RetryAfter`` reads its ``retry_after`` property, which emits a
``PTBDeprecationWarning`` unless the environment has ``PTB_TIMEDELTA=true`` -- under
``filterwarnings = error`` that warning replaces the ``RetryAfter``. Tests that provoke flood
control must set ``PTB_TIMEDELTA=true`` (then ``retry_after`` is a ``timedelta``).
"""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from telegram._utils.types import ODVInput
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from tests.support.telegram_html import MAX_MESSAGE_LENGTH, parse_html, utf16_length
from tests.support.updates import BOT_GET_ME

JSONDict = dict[str, Any]
CallPredicate = Callable[["Call"], bool]

BOT_MESSAGE_ID_START = 100_000
"""The first message id the fake gives the bot's messages in each chat (far above the ids the
update factories use, so the two never collide)."""

DEFAULT_ALLOWED_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
"""What getUpdates delivers when allowed_updates is empty or was never set (all but chat_member,
message_reaction and message_reaction_count)."""

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected by FakeBotAPI",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class Call:
    """One Bot API request as the fake received it.

    ``params`` is plain Python (nested JSON such as ``reply_markup`` decoded to dicts/lists);
    ``files`` maps upload part names to file names; ``fault`` is ``"error"`` or ``"timeout"``
    when an injected fault answered the call; ``status``/``response`` are what was answered
    (``response`` is None for a timeout that was not processed).
    """

    method: str
    params: JSONDict
    files: dict[str, str] = field(default_factory=dict)
    fault: str | None = None
    status: int = 0
    response: JSONDict | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.fault is None

    @property
    def result(self) -> Any:
        """The ``result`` of a successful answer (None otherwise)."""
        return self.response.get("result") if self.response and self.response["ok"] else None

    @property
    def description(self) -> str | None:
        """The error description of a failed answer."""
        return self.response.get("description") if self.response else None

    def __repr__(self) -> str:
        shown = json.dumps(self.params, ensure_ascii=False)
        shown = shown if len(shown) <= 160 else shown[:157] + "..."
        fault = f", fault={self.fault!r}" if self.fault else ""
        return f"Call({self.method!r}, {shown}, status={self.status}{fault})"


@dataclass
class Fault:
    """An injected failure for the next ``times`` matching calls of ``method``."""

    method: str
    kind: Literal["error", "timeout"]
    status: int = 400
    description: str = ""
    parameters: JSONDict | None = None
    body: bytes | None = None
    times: int = 1
    when: CallPredicate | None = None
    after_processing: bool = False
    never_connected: bool = False


@dataclass(frozen=True)
class Outcome:
    """The emulator's answer: HTTP status and body, or ``timed_out`` for an injected timeout
    (``never_connected`` when it happened before the request could leave)."""

    status: int
    body: bytes
    call: Call
    timed_out: bool = False
    never_connected: bool = False


class ApiError(Exception):
    """Raised by method handlers; becomes a Telegram error answer."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _strip(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Strip leading/trailing whitespace as Telegram does, shifting and clipping entities."""
    stripped = text.lstrip()
    lead = utf16_length(text[: len(text) - len(stripped)])
    stripped = stripped.rstrip()
    size = utf16_length(stripped)
    kept: list[JSONDict] = []
    for entity in entities:
        start = max(0, int(entity["offset"]) - lead)
        end = min(size, int(entity["offset"]) + int(entity["length"]) - lead)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise _bad(f"invalid {name} specified")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise _bad(f"invalid {name} specified")


def _as_json(value: Any, name: str) -> Any:
    """Nested objects arrive decoded from FakeBotAPI and maybe as JSON text over HTTP."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise _bad(f"can't parse {name} JSON object") from None
    return value


def _update_kind(update: JSONDict) -> str:
    kinds = [key for key in update if key != "update_id"]
    return kinds[0] if kinds else ""


class BotApiEmulator:
    """Synchronous, thread-safe emulation of the Bot API methods newsbot uses.

    ``strict_messages``: when True, editing, deleting or replying to a message the emulator has
    never seen (not sent through it, not in an observed/queued update) fails as on Telegram
    ("message to edit not found"...); when False (default) such messages are assumed to be the
    bot's, so tests may feed updates straight to ``Application.process_update``. Likewise
    answering an unknown callback/inline query id only fails when strict. Answering the same
    query twice always fails, as on Telegram.
    """

    def __init__(self, *, strict_messages: bool = False, bot: JSONDict | None = None) -> None:
        self.strict_messages = strict_messages
        self.bot_info: JSONDict = dict(BOT_GET_ME if bot is None else bot)
        self.bot_user: JSONDict = {
            key: self.bot_info[key]
            for key in ("id", "is_bot", "first_name", "username")
            if key in self.bot_info
        }
        self.calls: list[Call] = []
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._faults: list[Fault] = []
        self._pending: list[JSONDict] = []
        self._last_update_id = 0
        self.allowed_updates: list[str] = []
        self.webhook_url = ""
        self.chats: dict[int, JSONDict] = {}
        self.messages: dict[tuple[int, int], JSONDict] = {}
        self._content_unknown: set[tuple[int, int]] = set()  # lenient stand-ins
        self._next_message_id: dict[int, int] = {}
        self.known_queries: set[str] = set()
        self.answered_queries: set[str] = set()
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.blocked_chats: dict[int, str] = {}
        self._handlers: dict[str, Callable[[JSONDict], Any]] = {
            "getme": self._get_me,
            "logout": self._true,
            "close": self._true,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "deletemycommands": self._delete_my_commands,
            "getmycommands": self._get_my_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "sendchataction": self._send_chat_action,
            "answercallbackquery": self._answer_callback_query,
            "answerinlinequery": self._answer_inline_query,
        }

    # ------------------------------------------------------------------ the request entry point

    def handle(self, method: str, params: JSONDict, files: dict[str, str] | None = None) -> Outcome:
        """Record and answer one call of ``method`` with decoded ``params``."""
        with self._lock:
            call = Call(method=method, params=params, files=dict(files or {}))
            self.calls.append(call)
            try:
                fault = self._take_fault(call)
                if fault is not None and fault.kind == "timeout":
                    call.fault = "timeout"
                    if fault.after_processing:
                        self._answer(call)
                    return Outcome(
                        status=0,
                        body=b"",
                        call=call,
                        timed_out=True,
                        never_connected=fault.never_connected,
                    )
                if fault is not None:
                    call.fault = "error"
                    return self._fault_outcome(call, fault)
                return self._answer(call)
            finally:
                self._changed.notify_all()

    def _answer(self, call: Call) -> Outcome:
        handler = self._handlers.get(call.method.lower())
        try:
            if handler is None:
                raise ApiError(
                    404, f"Not Found: method {call.method} is not emulated by FakeBotAPI"
                )
            payload: JSONDict = {"ok": True, "result": handler(call.params)}
            status = 200
        except ApiError as error:
            status = error.status
            payload = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                payload["parameters"] = error.parameters
        call.status, call.response = status, payload
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return Outcome(status=status, body=body, call=call)

    def _fault_outcome(self, call: Call, fault: Fault) -> Outcome:
        call.status = fault.status
        if fault.body is not None:
            call.response = None
            return Outcome(status=fault.status, body=fault.body, call=call)
        payload: JSONDict = {
            "ok": False,
            "error_code": fault.status,
            "description": fault.description,
        }
        if fault.parameters:
            payload["parameters"] = fault.parameters
        call.response = payload
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return Outcome(status=fault.status, body=body, call=call)

    # ------------------------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        description: str | None = None,
        retry_after: float | None = None,
        migrate_to_chat_id: int | None = None,
        body: bytes | None = None,
        times: int = 1,
        when: CallPredicate | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (matching ``when``) with an error.

        ``retry_after`` answers 429 "Too Many Requests: retry after N" with
        ``parameters.retry_after`` (PTB raises RetryAfter); ``migrate_to_chat_id`` answers 400
        with ``parameters.migrate_to_chat_id`` (ChatMigrated); ``body`` sends raw bytes instead
        of JSON (as Telegram's nginx does for a 502). Without ``status`` the default is 400.
        Telegram's ``retry_after`` is a whole number of seconds; a fraction such as 0.01 keeps
        tests fast (``AIORateLimiter`` sleeps ``retry_after + 0.1`` s before retrying).
        """
        parameters: JSONDict = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
            status = 429 if status is None else status
            shown = int(retry_after) if float(retry_after).is_integer() else retry_after
            description = description or f"Too Many Requests: retry after {shown}"
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
            description = description or "Bad Request: group chat was upgraded to a supergroup chat"
        status = 400 if status is None else status
        if description is None:
            description = _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        fault = Fault(
            method=method.lower(),
            kind="error",
            status=status,
            description=description,
            parameters=parameters or None,
            body=body,
            times=times,
            when=when,
        )
        with self._lock:
            self._faults.append(fault)

    def timeout_next(
        self,
        method: str,
        times: int = 1,
        *,
        after_processing: bool = False,
        never_connected: bool = False,
        when: CallPredicate | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` time out (``telegram.error.TimedOut``).

        With ``after_processing`` the call takes effect first (the message *is* sent) and only
        the answer is lost, as happens with real network timeouts. With ``never_connected``
        the timeout is one of connecting, as PTB's ``HTTPXRequest`` raises it: a ``TimedOut``
        caused by ``httpx.ConnectTimeout`` (the request never left, and the call has no effect).
        """
        fault = Fault(
            method=method.lower(),
            kind="timeout",
            times=times,
            when=when,
            after_processing=after_processing and not never_connected,
            never_connected=never_connected,
        )
        with self._lock:
            self._faults.append(fault)

    def block_chat(
        self, chat_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """From now on, sending to ``chat_id`` answers 403 with ``description``."""
        with self._lock:
            self.blocked_chats[chat_id] = description

    def fault_pending(self, method: str) -> bool:
        with self._lock:
            return any(fault.method == method.lower() for fault in self._faults)

    def _take_fault(self, call: Call) -> Fault | None:
        for fault in self._faults:
            if fault.method == call.method.lower() and (fault.when is None or fault.when(call)):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    # ------------------------------------------------------------------------- updates & state

    def queue_update(self, update: JSONDict) -> JSONDict:
        """Queue an update for getUpdates; returns the queued copy (with its update_id).

        Telegram's update ids increase: a missing id, or one not above the last queued id, is
        replaced by the next id. Messages and queries in the update are remembered (see
        ``observe_update``).
        """
        queued = copy.deepcopy(update)
        with self._lock:
            update_id = queued.get("update_id")
            if not isinstance(update_id, int) or update_id <= self._last_update_id:
                queued["update_id"] = self._last_update_id + 1
            self._last_update_id = queued["update_id"]
            self._pending.append(queued)
            self.observe_update(queued)
            self._changed.notify_all()
        return queued

    def observe_update(self, update: JSONDict) -> None:
        """Remember the chats, messages and query ids an update shows, as Telegram knows them
        (needed for strict_messages; also makes later edits compare against real content)."""
        with self._lock:
            for kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
                if kind in update:
                    self._remember_message(update[kind])
            query = update.get("callback_query")
            if query is not None:
                self.known_queries.add(str(query["id"]))
                if "message" in query:
                    self._remember_message(query["message"])
            if "inline_query" in update:
                self.known_queries.add(str(update["inline_query"]["id"]))

    def _remember_message(self, message: JSONDict) -> None:
        chat = message.get("chat") or {}
        if "id" not in chat or "message_id" not in message:
            return
        chat_id = int(chat["id"])
        self.chats[chat_id] = dict(chat)
        stored = copy.deepcopy(message)
        replied = stored.pop("reply_to_message", None)
        self.messages[(chat_id, int(message["message_id"]))] = stored
        if replied is not None:
            self._remember_message(replied)

    def _get_updates_ready(self, params: JSONDict) -> bool:
        if self.webhook_url or self.fault_pending("getUpdates"):
            return True
        offset = params.get("offset")
        offset = _as_int(offset, "offset") if offset not in (None, "") else 0
        allowed = self._allowed(params)
        return any(
            (offset <= 0 or update["update_id"] >= offset) and _update_kind(update) in allowed
            for update in self._pending
        )

    def updates_ready(self, params: JSONDict) -> bool:
        """Whether getUpdates with ``params`` would answer at once (updates, a webhook, a fault)."""
        with self._lock:
            try:
                return self._get_updates_ready(params)
            except ApiError:
                return True

    def wait_updates_ready(
        self, params: JSONDict, timeout: float, stop: threading.Event | None = None
    ) -> None:
        """Block (threads only) until getUpdates would answer, ``stop`` is set, or timeout."""

        def ready() -> bool:
            return (stop is not None and stop.is_set()) or self.updates_ready(params)

        with self._changed:
            self._changed.wait_for(ready, timeout)

    def notify(self) -> None:
        """Wake threads blocked in ``wait_updates_ready``/``wait_for``."""
        with self._changed:
            self._changed.notify_all()

    def _allowed(self, params: JSONDict) -> frozenset[str]:
        requested = params.get("allowed_updates")
        if requested is not None:
            requested = _as_json(requested, "allowed_updates")
            if not isinstance(requested, list):
                raise _bad("can't parse allowed updates")
            return frozenset(requested) or DEFAULT_ALLOWED_UPDATES
        return frozenset(self.allowed_updates) or DEFAULT_ALLOWED_UPDATES

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        with self._lock:
            return list(self._pending)

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The current state of a message the emulator knows (e.g. after edits)."""
        with self._lock:
            found = self.messages.get((chat_id, message_id))
            return copy.deepcopy(found) if found is not None else None

    # ------------------------------------------------------------------------ recorded calls

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method.lower() == method.lower()]

    def sent_texts(self, *, include_failed: bool = False) -> list[str]:
        """``text`` of sendMessage and editMessageText calls, in order (successful ones only
        unless ``include_failed``)."""
        with self._lock:
            return [
                str(call.params.get("text"))
                for call in self.calls
                if call.method.lower() in ("sendmessage", "editmessagetext")
                and (include_failed or call.ok)
            ]

    def clear(self) -> None:
        """Forget the recorded calls (state such as sent messages and queued updates stays)."""
        with self._lock:
            self.calls.clear()

    def find_call(self, method: str, predicate: CallPredicate | None = None) -> Call | None:
        with self._lock:
            for call in self.calls:
                if call.method.lower() == method.lower() and (predicate is None or predicate(call)):
                    return call
        return None

    def wait_for(
        self, method: str, predicate: CallPredicate | None = None, timeout: float = 5.0
    ) -> Call:
        """Block (threads only) until a matching call is recorded; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = self.find_call(method, predicate)
                if found is not None:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self.describe_missing(method, timeout))
                self._changed.wait(remaining)

    def describe_missing(self, method: str, timeout: float) -> str:
        with self._lock:
            recorded = [call for call in self.calls if call.method != "getUpdates"]
            polls = len(self.calls) - len(recorded)
            lines = "\n".join(f"  {call!r}" for call in recorded[-30:]) or "  (none)"
        return (
            f"no matching {method} call within {timeout} s; other calls "
            f"(plus {polls} getUpdates):\n{lines}"
        )

    # --------------------------------------------------------------------------------- helpers

    def _chat(self, params: JSONDict) -> JSONDict:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad("chat_id is empty")
        try:
            chat_id = _as_int(raw, "chat_id")
        except ApiError:
            raise _bad("chat not found") from None
        if chat_id == 0:
            raise _bad("chat not found")
        if chat_id in self.blocked_chats:
            raise ApiError(403, self.blocked_chats[chat_id])
        known = self.chats.get(chat_id)
        if known is not None:
            return dict(known)
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
        return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}

    def _text_and_entities(
        self,
        params: JSONDict,
        text_key: str = "text",
        entities_key: str = "entities",
        parse_mode_key: str = "parse_mode",
    ) -> tuple[str, list[JSONDict]]:
        text = params.get(text_key)
        if not isinstance(text, str) or not text:
            raise _bad("message text is empty")
        parse_mode = params.get(parse_mode_key)
        if parse_mode:
            mode = str(parse_mode).lower()
            if mode == "html":
                parsed = parse_html(text)
                if parsed.problems:
                    raise _bad(f"can't parse entities: {parsed.problems[0]}")
                visible, entities = parsed.text, parsed.entities
            elif mode in ("markdown", "markdownv2"):
                visible, entities = text, []  # not emulated: taken literally
            else:
                raise _bad("unsupported parse_mode")
        else:
            visible = text
            entities = list(_as_json(params.get(entities_key) or [], entities_key))
        if utf16_length(visible) > MAX_MESSAGE_LENGTH:
            raise _bad("message is too long")
        visible, entities = _strip(visible, entities)
        if not visible:
            raise _bad("message text is empty")
        return visible, entities

    def _inline_markup(self, params: JSONDict) -> JSONDict | None:
        """Validate ``reply_markup``; return it when it is an inline keyboard (the only markup
        Telegram echoes in the Message), else None."""
        raw = params.get("reply_markup")
        if raw is None:
            return None
        markup = _as_json(raw, "reply keyboard markup")
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad(
                "can't parse inline keyboard markup: inline_keyboard must be an array of arrays"
            )
        for row in rows:
            for button in row:
                self._check_button(button)
        return markup

    @staticmethod
    def _check_button(button: Any) -> None:
        if not isinstance(button, dict) or not button.get("text"):
            raise _bad("can't parse inline keyboard button: text must be non-empty")
        actions = _BUTTON_ACTIONS.intersection(button)
        if not actions:
            raise _bad("text buttons are unallowed in the inline keyboard")
        if len(actions) > 1:
            raise _bad("can't parse inline keyboard button: exactly one optional field expected")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
            raise _bad("BUTTON_DATA_INVALID")
        url = button.get("url")
        if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
            raise _bad("BUTTON_URL_INVALID")

    def _new_message_id(self, chat_id: int) -> int:
        seen = [mid for (cid, mid) in self.messages if cid == chat_id]
        next_id = max(
            [self._next_message_id.get(chat_id, BOT_MESSAGE_ID_START), *[s + 1 for s in seen]]
        )
        self._next_message_id[chat_id] = next_id + 1
        return next_id

    def _target(self, params: JSONDict, action: Literal["edit", "delete"]) -> JSONDict:
        chat = self._chat(params)
        if params.get("message_id") in (None, ""):
            raise _bad("message identifier is not specified")
        message_id = _as_int(params["message_id"], "message_id")
        stored = self.messages.get((int(chat["id"]), message_id))
        if stored is None:
            if self.strict_messages:
                raise _bad(f"message to {action} not found")
            stored = {
                "message_id": message_id,
                "from": dict(self.bot_user),
                "chat": chat,
                "date": int(time.time()) - 1,
                "text": "",
            }
            self.messages[(int(chat["id"]), message_id)] = stored
            self._content_unknown.add((int(chat["id"]), message_id))
        return stored

    def _unchanged(self, stored: JSONDict, **new: Any) -> bool:
        """Whether editing ``stored`` to ``new`` changes nothing (unknowable for stand-ins)."""
        key = (int(stored["chat"]["id"]), int(stored["message_id"]))
        if key in self._content_unknown:
            self._content_unknown.discard(key)
            return False
        defaults: JSONDict = {"entities": []}
        return all(stored.get(name, defaults.get(name)) == value for name, value in new.items())

    @staticmethod
    def _result(message: JSONDict) -> JSONDict:
        return copy.deepcopy(message)

    # ----------------------------------------------------------------------- method handlers

    def _true(self, params: JSONDict) -> bool:
        return True

    def _get_me(self, params: JSONDict) -> JSONDict:
        return dict(self.bot_info)

    def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        offset = _as_int(offset, "offset") if offset not in (None, "") else 0
        limit = params.get("limit")
        limit = min(100, max(1, _as_int(limit, "limit"))) if limit not in (None, "") else 100
        requested = params.get("allowed_updates")
        if requested is not None:
            requested = _as_json(requested, "allowed_updates")
            self.allowed_updates = list(requested) if isinstance(requested, list) else []
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        allowed = frozenset(self.allowed_updates) or DEFAULT_ALLOWED_UPDATES
        self._pending = [u for u in self._pending if _update_kind(u) in allowed]
        return copy.deepcopy(self._pending[:limit])

    def _set_webhook(self, params: JSONDict) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if params.get("drop_pending_updates") in (True, "true"):
            self._pending.clear()
        return True

    def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates") in (True, "true"):
            self._pending.clear()
        return True

    def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.allowed_updates:
            info["allowed_updates"] = list(self.allowed_updates)
        return info

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        scope = _as_json(params.get("scope") or {"type": "default"}, "scope")
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_my_commands(self, params: JSONDict) -> bool:
        commands = _as_json(params.get("commands"), "commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("too many commands specified")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            description = command.get("description", "") if isinstance(command, dict) else ""
            if not (1 <= len(name) <= 32) or not all(
                c.islower() or c.isdigit() or c == "_" for c in name
            ):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise _bad(
                    "command description is empty"
                    if not description
                    else "BOT_COMMAND_DESCRIPTION_INVALID"
                )
        self.commands[self._commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _delete_my_commands(self, params: JSONDict) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return copy.deepcopy(self.commands.get(self._commands_key(params), []))

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat = self._chat(params)
        text, entities = self._text_and_entities(params)
        markup = self._inline_markup(params)
        chat_id = int(chat["id"])
        message: JSONDict = {
            "message_id": self._new_message_id(chat_id),
            "from": dict(self.bot_user),
            "chat": chat,
            "date": int(time.time()),
        }
        replied = self._replied(params, chat_id)
        if replied is not None:
            message["reply_to_message"] = copy.deepcopy(replied)
        message["text"] = text
        if entities:
            message["entities"] = entities
        if markup is not None:
            message["reply_markup"] = markup
        stored = copy.deepcopy(message)
        stored.pop("reply_to_message", None)
        self.messages[(chat_id, message["message_id"])] = stored
        return self._result(message)

    def _replied(self, params: JSONDict, chat_id: int) -> JSONDict | None:
        reply = params.get("reply_parameters")
        allow_missing = params.get("allow_sending_without_reply") in (True, "true")
        if reply is not None:
            reply = _as_json(reply, "reply parameters")
            if not isinstance(reply, dict) or "message_id" not in reply:
                raise _bad("can't parse reply parameters JSON object")
            allow_missing = allow_missing or reply.get("allow_sending_without_reply") is True
            target_chat = reply.get("chat_id", chat_id)
            message_id = _as_int(reply["message_id"], "message_id")
        elif params.get("reply_to_message_id") not in (None, ""):
            target_chat = chat_id
            message_id = _as_int(params["reply_to_message_id"], "reply_to_message_id")
        else:
            return None
        try:
            target = _as_int(target_chat, "chat_id")
        except ApiError:
            target = chat_id
        found = self.messages.get((target, message_id))
        if found is None and self.strict_messages and not allow_missing:
            raise _bad("message to be replied not found")
        return found

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        text, entities = self._text_and_entities(params)
        markup = self._inline_markup(params)
        if params.get("inline_message_id"):
            return True
        stored = self._target(params, "edit")
        if stored.get("from", {}).get("id") != self.bot_user["id"]:
            raise _bad("message can't be edited")
        if "text" not in stored:
            raise _bad("there is no text in the message to edit")
        if self._unchanged(stored, text=text, entities=entities, reply_markup=markup):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        stored["text"] = text
        stored.pop("entities", None)
        if entities:
            stored["entities"] = entities
        stored.pop("reply_markup", None)
        if markup is not None:
            stored["reply_markup"] = markup
        stored["edit_date"] = int(time.time())
        return self._result(stored)

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        markup = self._inline_markup(params)
        if params.get("inline_message_id"):
            return True
        stored = self._target(params, "edit")
        if stored.get("from", {}).get("id") != self.bot_user["id"]:
            raise _bad("message can't be edited")
        if self._unchanged(stored, reply_markup=markup):
            raise _bad(NOT_MODIFIED.removeprefix("Bad Request: "))
        stored.pop("reply_markup", None)
        if markup is not None:
            stored["reply_markup"] = markup
        stored["edit_date"] = int(time.time())
        return self._result(stored)

    def _delete_message(self, params: JSONDict) -> bool:
        stored = self._target(params, "delete")
        key = (int(stored["chat"]["id"]), int(stored["message_id"]))
        self.messages.pop(key, None)
        self._content_unknown.discard(key)
        return True

    def _send_chat_action(self, params: JSONDict) -> bool:
        self._chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        return True

    def _answer_query(self, query_id: Any) -> None:
        if query_id in (None, ""):
            raise _bad("query_id is empty")
        key = str(query_id)
        if key in self.answered_queries or (self.strict_messages and key not in self.known_queries):
            raise _bad(QUERY_INVALID.removeprefix("Bad Request: "))
        self.answered_queries.add(key)

    def _answer_callback_query(self, params: JSONDict) -> bool:
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        self._answer_query(params.get("callback_query_id"))
        return True

    def _answer_inline_query(self, params: JSONDict) -> bool:
        results = _as_json(params.get("results"), "results")
        if not isinstance(results, list):
            raise _bad("can't parse inline query results JSON object")
        if len(results) > 50:
            raise _bad("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            if not isinstance(result, dict) or not result.get("type") or not result.get("id"):
                raise _bad("can't parse InlineQueryResult: type and id are required")
            result_id = str(result["id"])
            if len(result_id.encode("utf-8")) > 64:
                raise _bad("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            if result["type"] == "article" and not result.get("title"):
                raise _bad("RESULT_TITLE_EMPTY")
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                self._text_and_entities(content, "message_text")
            self._inline_markup(result)
        self._answer_query(params.get("inline_query_id"))
        return True


class EmulatorFacade:
    """What FakeBotAPI and BotApiServer both offer, delegated to their ``emulator``."""

    emulator: BotApiEmulator

    @property
    def calls(self) -> list[Call]:
        """Every recorded call, in order (the live list)."""
        return self.emulator.calls

    def calls_to(self, method: str) -> list[Call]:
        return self.emulator.calls_to(method)

    def sent_texts(self, *, include_failed: bool = False) -> list[str]:
        return self.emulator.sent_texts(include_failed=include_failed)

    def clear(self) -> None:
        self.emulator.clear()

    def queue_update(self, update: JSONDict) -> JSONDict:
        return self.emulator.queue_update(update)

    def queue_updates(self, updates: Iterable[JSONDict]) -> list[JSONDict]:
        return [self.emulator.queue_update(update) for update in updates]

    def observe_update(self, update: JSONDict) -> None:
        self.emulator.observe_update(update)

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        description: str | None = None,
        retry_after: float | None = None,
        migrate_to_chat_id: int | None = None,
        body: bytes | None = None,
        times: int = 1,
        when: CallPredicate | None = None,
    ) -> None:
        self.emulator.fail_next(
            method,
            status=status,
            description=description,
            retry_after=retry_after,
            migrate_to_chat_id=migrate_to_chat_id,
            body=body,
            times=times,
            when=when,
        )

    def timeout_next(
        self,
        method: str,
        times: int = 1,
        *,
        after_processing: bool = False,
        never_connected: bool = False,
        when: CallPredicate | None = None,
    ) -> None:
        self.emulator.timeout_next(
            method,
            times,
            after_processing=after_processing,
            never_connected=never_connected,
            when=when,
        )

    def block_chat(
        self, chat_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        self.emulator.block_chat(chat_id, description)

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The current state of a message the emulator knows (e.g. after edits)."""
        return self.emulator.message(chat_id, message_id)


def decode_request_data(request_data: RequestData | None) -> tuple[JSONDict, dict[str, str]]:
    """Plain-Python parameters (nested JSON decoded) and upload file names of a request."""
    if request_data is None:
        return {}, {}
    params: JSONDict = {}
    # json_parameters holds exactly what goes on the wire: str values as-is, the rest JSON.
    for name, value in request_data.parameters.items():
        params[name] = value if isinstance(value, str) else json.loads(json.dumps(value))
    files: dict[str, str] = {}
    if request_data.contains_files:
        for part, spec in request_data.multipart_data.items():
            files[part] = str(spec[0]) if isinstance(spec, tuple) else part
    return params, files


class FakeBotAPI(EmulatorFacade, BaseRequest):
    """A ``telegram.request.BaseRequest`` answering from a ``BotApiEmulator``, in-process.

    One instance may serve as both ``request`` and ``get_updates_request``. getUpdates with a
    ``timeout`` waits (``asyncio.sleep``) up to ``min(timeout, long_poll_max)`` seconds for a
    queued update. Like ``HTTPXRequest`` it works before ``initialize`` and refuses requests
    after ``shutdown`` (PTB then raises NetworkError).
    """

    def __init__(
        self,
        emulator: BotApiEmulator | None = None,
        *,
        strict_messages: bool = False,
        long_poll_max: float = 0.2,
        read_timeout: float | None = 5.0,
    ) -> None:
        self.emulator = emulator or BotApiEmulator(strict_messages=strict_messages)
        self.long_poll_max = long_poll_max
        self._read_timeout = read_timeout
        self._shut_down = False

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        self._shut_down = False

    async def shutdown(self) -> None:
        self._shut_down = True

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._shut_down:
            raise RuntimeError("This FakeBotAPI is not initialized (it was shut down)")
        path = url.split("?", 1)[0].rstrip("/")
        if "/file/bot" in path:
            return 404, b'{"ok":false,"error_code":404,"description":"Not Found"}'
        api_method = path.rsplit("/", 1)[-1]
        params, files = decode_request_data(request_data)
        if api_method.lower() == "getupdates":
            await self._long_poll(params)
        else:
            await asyncio.sleep(0)  # a real request always yields to the event loop
        outcome = self.emulator.handle(api_method, params, files)
        if outcome.timed_out and outcome.never_connected:
            cause = httpx.ConnectTimeout(f"connect timeout (injected by FakeBotAPI, {api_method})")
            raise TimedOut("Timed out") from cause
        if outcome.timed_out:
            raise TimedOut(f"Timed out (injected by FakeBotAPI for {api_method})")
        return outcome.status, outcome.body

    async def _long_poll(self, params: JSONDict) -> None:
        try:
            requested = float(params.get("timeout") or 0)
        except (TypeError, ValueError):
            requested = 0.0
        wait = min(requested, self.long_poll_max)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        await asyncio.sleep(0)
        while (
            not self._shut_down
            and loop.time() < deadline
            and not self.emulator.updates_ready(params)
        ):
            await asyncio.sleep(0.005)

    async def wait_for(
        self, method: str, predicate: CallPredicate | None = None, timeout: float = 5.0
    ) -> Call:
        """Wait until a matching call is recorded (e.g. while an Application polls)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self.emulator.find_call(method, predicate)
            if found is not None:
                return found
            if loop.time() >= deadline:
                raise AssertionError(self.emulator.describe_missing(method, timeout))
            await asyncio.sleep(0.005)
