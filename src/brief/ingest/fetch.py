"""HTTP for feeds and pages: timeouts, a size cap, bounded redirects, conditional GET.

Every failure becomes an InputError whose message names the URL and what went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from brief import __version__
from brief.errors import InputError

USER_AGENT = f"brief/{__version__} (policy-brief generator; +https://pypi.org/project/brief/)"
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5


@dataclass
class Fetched:
    """A response body with what later requests and readers need from its headers."""

    url: str  # after redirects
    status: int  # 200, or 304 when not modified
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


class Fetcher:
    """One HTTP client for a whole ingest (connections are reused)."""

    def __init__(self, *, timeout: float = 20.0, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.client = httpx.Client(
            timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": USER_AGENT},
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, *, etag: str | None = None,
            last_modified: str | None = None) -> Fetched:
        """GET `url` (conditionally, given validators). Raises InputError naming it."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return self._fetched(response, b"")
                if response.status_code >= 400:
                    raise InputError(f"{url}: HTTP {response.status_code} "
                                     f"{response.reason_phrase}".rstrip())
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self.max_bytes:
                        raise InputError(f"{url}: larger than the {self.max_bytes:,}-byte limit")
                return self._fetched(response, bytes(body))
        except httpx.TooManyRedirects as e:
            raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects") from e
        except httpx.TimeoutException as e:
            raise InputError(f"{url}: timed out") from e
        except httpx.InvalidURL as e:
            raise InputError(f"{url}: not a valid URL") from e
        except httpx.HTTPError as e:
            raise InputError(f"{url}: {type(e).__name__}: {e}") from e

    @staticmethod
    def _fetched(response: httpx.Response, body: bytes) -> Fetched:
        return Fetched(
            url=str(response.url), status=response.status_code, body=body,
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )
