"""A local HTTP server that speaks the Bot API methods the bot uses, for the tests: it
records every call, serves the updates a test queues to ``getUpdates``, answers
``sendMessage`` with message ids of its own and serves files for ``getFile``. Telegram's
servers cannot be reached from the test machines; the client's base URL points here."""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "123456:TEST-token"


@dataclass
class Request:
    method: str
    params: dict[str, Any]


@dataclass
class FakeBotApi:
    token: str = TOKEN
    requests: list[Request] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> bytes
    message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(5000))
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    def start(self) -> FakeBotApi:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                fake.on_post(self)

            def do_GET(self) -> None:
                fake.on_get(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.updates.clear()
            self.files.clear()

    def calls(self, method: str) -> list[dict[str, Any]]:
        with self.lock:
            return [r.params for r in self.requests if r.method == method]

    def sent_texts(self) -> list[str]:
        return [str(p["text"]) for p in self.calls("sendMessage")]

    def last_sent(self) -> dict[str, Any]:
        return self.calls("sendMessage")[-1]

    # --- the server side ---

    def on_post(self, handler: BaseHTTPRequestHandler) -> None:
        prefix = f"/bot{self.token}/"
        if not handler.path.startswith(prefix):
            self._reply(
                handler, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            )
            return
        method = handler.path[len(prefix) :]
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        params = json.loads(body) if body else {}
        with self.lock:
            self.requests.append(Request(method, params))
        answer = getattr(self, f"api_{method}", None)
        if answer is None:
            self._reply(handler, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self._reply(handler, 200, {"ok": True, "result": answer(params)})

    def on_get(self, handler: BaseHTTPRequestHandler) -> None:
        prefix = f"/file/bot{self.token}/"
        file_id = handler.path[len(prefix) :].rsplit("/", 1)[-1]
        content = self.files.get(file_id)
        if not handler.path.startswith(prefix) or content is None:
            handler.send_response(404)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content)

    def _reply(self, handler: BaseHTTPRequestHandler, status: int, answer: dict[str, Any]) -> None:
        body = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:  # noqa: N802
        offset = int(params.get("offset") or 0)
        with self.lock:
            return [u for u in self.updates if u["update_id"] >= offset]

    def api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        return {
            "message_id": next(self.message_ids),
            "date": 0,
            "chat": {"id": params["chat_id"], "type": "private"},
            "text": params["text"],
        }

    def api_getFile(self, params: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        file_id = params["file_id"]
        size = len(self.files.get(file_id, b""))
        return {"file_id": file_id, "file_size": size, "file_path": f"photos/{file_id}"}

    def api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def api_editMessageReplyMarkup(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def api_setWebhook(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True

    def api_deleteWebhook(self, params: dict[str, Any]) -> bool:  # noqa: N802
        return True
