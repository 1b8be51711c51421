"""The cross-cutting rules of SPEC §11, in one place: the access token, a foreign `Origin`,
the upload limit and the CSRF cookie. One ASGI middleware, so that no view can forget one.

- token (only when the server was started with one): `Authorization: Bearer T`, or the
  session cookie that `?token=T` sets once; anything else → 401;
- a POST whose `Origin` names another site → 403, the API too;
- a body over the limit → 413, by its Content-Length or, when it lies or is absent, as soon
  as the bytes read pass the limit;
- CSRF: every browser gets a random token in a cookie; each form sends it back in the
  hidden field `csrf` and `require_csrf` compares them (a foreign site can neither read
  the cookie nor the page that holds the token).
"""
from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from .. import messages

TOKEN_COOKIE = "handlingsplan_token"
CSRF_COOKIE = "handlingsplan_csrf"
CSRF_FIELD = "csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class TooLarge(Exception):
    pass


class Refused(Exception):
    """A request refused by a rule here or in a view: status and Swedish message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def is_loopback(host: str) -> bool:
    return host.strip().lower() in LOOPBACK


class Guard:
    def __init__(self, app, token: str | None, limit: int):
        self.app, self.token, self.limit = app, token or None, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = _headers(scope)
        cookies = _cookies(headers)
        set_cookies = []
        if self.token is not None:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if _same(query.get("token"), self.token):
                # -- once from the link: a cookie from now on, and the token off the URL --
                rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
                location = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
                # -- Lax: a link to the page from an e-mail must still carry it (a cross-site
                #    POST never does) --
                cookie = _cookie(TOKEN_COOKIE, self.token, scope, same_site="Lax")
                return await _respond(send, 303, b"", "text/plain",
                                      [(b"location", location.encode()), (b"set-cookie", cookie)])
            bearer = headers.get("authorization", "")
            supplied = bearer[7:] if bearer.lower().startswith("bearer ") else cookies.get(TOKEN_COOKIE)
            if not _same(supplied, self.token):
                return await _refuse(scope, send, 401, messages.WEB["unauthorized"])
        if scope["method"] in UNSAFE and _foreign(headers):
            return await _refuse(scope, send, 403, messages.WEB["forbidden-origin"])
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            return await _refuse(scope, send, 413, _too_large(self.limit))
        csrf = cookies.get(CSRF_COOKIE, "")
        if len(csrf) != 43:
            csrf = secrets.token_urlsafe(32)
            set_cookies.append(_cookie(CSRF_COOKIE, csrf, scope))
        scope.setdefault("state", {})["csrf"] = csrf
        received, started = 0, False

        async def counted_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise TooLarge()
            return message

        async def send_with_cookies(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message, headers=list(message.get("headers", []))
                               + [(b"set-cookie", c) for c in set_cookies])
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_cookies)
        except TooLarge:
            if not started:
                await _refuse(scope, send, 413, _too_large(self.limit))


def require_csrf(request, form) -> None:
    """Raise Refused(403) unless the form's token is the browser's cookie."""
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not _same(sent, request.cookies.get(CSRF_COOKIE)):
        raise Refused(403, messages.WEB["csrf"])


def _too_large(limit: int) -> str:
    return messages.WEB["upload-too-large"].format(limit=limit >> 20)


def _same(given, expected) -> bool:
    return isinstance(given, str) and bool(given) and secrets.compare_digest(
        given.encode(), str(expected).encode())


def _foreign(headers: dict[str, str]) -> bool:
    """True when `Origin` names a site other than the one asked (Host, or the reverse
    proxy's X-Forwarded-Host). No Origin at all is a non-browser client: allowed."""
    origin = headers.get("origin")
    if origin is None:
        return False
    if origin == "null":
        return True
    own = {h.strip().lower() for h in (headers.get("host", ""),
                                       headers.get("x-forwarded-host", "")) if h.strip()}
    return urlsplit(origin).netloc.lower() not in own


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # -- a malformed cookie header is no reason to fail the page --
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def _cookie(name: str, value: str, scope, same_site: str = "Strict") -> bytes:
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    return f"{name}={value}; Path=/; HttpOnly; SameSite={same_site}{secure}".encode()


async def _refuse(scope, send, status: int, message: str) -> None:
    """JSON for the API, a short Swedish page for a browser."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"ok": False, "error": message}, ensure_ascii=False).encode()
        return await _respond(send, status, body, "application/json")
    from .views.base import render_refusal

    body = render_refusal(status, message).encode("utf-8")
    await _respond(send, status, body, "text/html; charset=utf-8")


async def _respond(send, status: int, body: bytes, media: str, headers=()) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", media.encode()),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})
