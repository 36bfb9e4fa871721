"""Fetching http(s) URLs with httpx: timeouts, redirects and a size cap.

Only the body's first ``cap`` bytes are ever held: the response is streamed and the fetch
stops (and fails) as soon as it passes the cap, so a huge or endless page cannot exhaust
memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from flashpoint.errors import FetchError

# A news page answers in a few seconds; a dead host should not stall a batch for minutes.
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
USER_AGENT = "flashpoint (news event coder)"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def fetch(url: str, cap: int, client: httpx.Client | None = None) -> Fetched:
    """GET ``url``; FetchError (with the reason) on any network, HTTP or size problem."""
    own = client is None
    http = client or httpx.Client(
        timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    )
    try:
        with http.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise FetchError(url, f"HTTP {resp.status_code} {resp.reason_phrase}")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise FetchError(url, f"page larger than {cap:,} bytes: too large")
                chunks.append(chunk)
            return Fetched(str(resp.url), resp.headers.get("content-type", ""), b"".join(chunks))
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"timed out ({type(exc).__name__}); the site may be down") from exc
    except httpx.HTTPError as exc:
        raise FetchError(url, f"cannot fetch: {type(exc).__name__}: {exc}") from exc
    finally:
        if own:
            http.close()
