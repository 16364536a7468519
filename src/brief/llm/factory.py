"""Choose and build a backend from settings: explicit choice first, then what is set up."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from brief.errors import ConfigError
from brief.llm.types import Backend, Batcher

if TYPE_CHECKING:
    from brief.llm.batch import BatchLog

log = logging.getLogger(__name__)

BackendName = Literal["auto", "openai", "azure", "embedded"]


@dataclass(frozen=True)
class ModelSettings:
    """How to reach a model. `api_key` is held here only and never written anywhere."""

    backend: BackendName = "auto"
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    response_format: Literal["json_schema", "json_object"] = "json_schema"
    timeout: float = 120.0
    retries: int = 5  # attempts per request on 429, 5xx, timeouts and resets
    retry_wait: float = 30.0  # the longest pause between attempts, in seconds
    model_path: Path | None = None  # a GGUF file for the embedded backend
    tier: str = "default"  # which packaged model, when no model_path
    azure_endpoint: str | None = None  # https://NAME.openai.azure.com
    api_version: str | None = None  # Azure OpenAI's api-version, e.g. 2024-10-21
    batch: bool = False  # send a run's requests through the Batch API
    batch_wait: float | None = None  # seconds to wait for a batch (None: until it ends)
    batch_poll: float = 30.0  # seconds between a batch's status checks

    def chosen(self) -> Literal["openai", "azure", "embedded"]:
        if self.backend != "auto":
            return self.backend
        if self.azure_endpoint:
            return "azure"
        return "openai" if self.base_url else "embedded"

    def __repr__(self) -> str:  # keep the key out of logs and tracebacks
        key = "set" if self.api_key else "unset"
        return (
            f"ModelSettings(backend={self.backend!r}, model={self.model!r}, "
            f"base_url={self.base_url!r}, api_key={key}, "
            f"response_format={self.response_format!r}, model_path={self.model_path!r}, "
            f"tier={self.tier!r}, azure_endpoint={self.azure_endpoint!r}, "
            f"api_version={self.api_version!r})"
        )


def make_backend(settings: ModelSettings) -> Backend:
    """Build the backend `settings` ask for. Raises ConfigError when it cannot."""
    chosen = settings.chosen()
    if chosen in ("openai", "azure"):
        from brief.llm.openai_backend import AzureTarget, OpenAIBackend, RetryPolicy

        if not settings.model:
            raise ConfigError("no model name: pass --model or set BRIEF_MODEL"
                              + (" (on Azure: the deployment's name)" if chosen == "azure"
                                 else ""))
        azure = None
        if chosen == "azure":
            if not settings.azure_endpoint:
                raise ConfigError("no Azure endpoint: pass --azure-endpoint or set "
                                  "AZURE_OPENAI_ENDPOINT")
            if not settings.api_version:
                raise ConfigError("no Azure api-version: pass --api-version or set "
                                  "OPENAI_API_VERSION (e.g. 2024-10-21)")
            azure = AzureTarget(settings.azure_endpoint, settings.api_version)
        return OpenAIBackend(
            model=settings.model,
            base_url=settings.base_url,
            api_key=settings.api_key,
            azure=azure,
            response_format=settings.response_format,
            timeout=settings.timeout,
            retry=RetryPolicy(attempts=max(1, settings.retries),
                              wait_multiplier=min(1.0, settings.retry_wait),
                              wait_max=settings.retry_wait),
        )
    return _embedded(settings)


def make_batcher(settings: ModelSettings, backend: Backend, store: BatchLog) -> Batcher | None:
    """The Batch API of `backend` when `settings` ask for one; ConfigError if it has none."""
    if not settings.batch:
        return None
    from brief.llm.batch import OpenAIBatcher
    from brief.llm.openai_backend import OpenAIBackend

    if not isinstance(backend, OpenAIBackend):
        raise ConfigError("--batch needs an endpoint with a Batch API (OpenAI or Azure "
                          "OpenAI: --base-url or --azure-endpoint); the embedded model "
                          "answers in-process")
    return OpenAIBatcher(backend, store, poll=settings.batch_poll, wait=settings.batch_wait)


def _embedded(settings: ModelSettings) -> Backend:
    from brief.llm import weights
    from brief.llm.embedded import EmbeddedBackend

    if settings.model_path is not None:
        if not settings.model_path.is_file():
            raise ConfigError(f"{settings.model_path}: no such model file (--model-path)")
        return EmbeddedBackend(settings.model_path, model=settings.model)
    tier = weights.tier(settings.tier)
    path = weights.installed_path(tier)
    if not path.is_file():
        log.info("assembling the %s model (%s) from its packages…", tier.name, tier.model)
        path = weights.pull(tier)
    return EmbeddedBackend(path, model=settings.model or tier.model)
