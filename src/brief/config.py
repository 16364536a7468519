"""The config file (brief.toml): the sources to pull with `brief ingest --sources`.

    [[sources]]
    url = "https://example.org/world/rss.xml"
    outlet = "Example News"      # optional: overrides the feed's own title

    [email]
    from = "briefs@example.org"
    to = ["analyst@example.org"]
    [email.lists]
    weekly = ["a@example.org", "b@example.org"]

    [smtp]                       # BRIEF_SMTP_* variables override these
    host = "smtp.example.org"
    port = 587
    security = "starttls"        # or "ssl", or "none"
    user = "briefs"              # the password: BRIEF_SMTP_PASSWORD

    [prices."gpt-4o-mini"]       # US dollars per million tokens, per model name
    prompt = 0.15
    completion = 0.60
    batch_prompt = 0.075         # with --batch (default: half the prices above)
    batch_completion = 0.30
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from brief.errors import ConfigError

DEFAULT_PATH = Path("brief.toml")


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str
    outlet: str | None = None

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value


class EmailConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    sender: str | None = Field(default=None, alias="from")
    subject: str | None = None
    to: list[str] = []
    lists: dict[str, list[str]] = {}


class Price(BaseModel):
    """US dollars per million tokens; in a batch, half that unless set."""

    model_config = ConfigDict(extra="forbid")
    prompt: float = Field(ge=0)
    completion: float = Field(ge=0)
    batch_prompt: float | None = Field(default=None, ge=0)
    batch_completion: float | None = Field(default=None, ge=0)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.prompt + completion_tokens * self.completion) / 1e6

    def batch_cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        prompt = self.prompt / 2 if self.batch_prompt is None else self.batch_prompt
        completion = (self.completion / 2 if self.batch_completion is None
                      else self.batch_completion)
        return (prompt_tokens * prompt + completion_tokens * completion) / 1e6


FREE = Price(prompt=0, completion=0)


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[Source] = []
    email: EmailConfig = EmailConfig()
    smtp: dict[str, str | int] = {}
    prices: dict[str, Price] = {}

    def price_of(self, backend: str, model: str) -> Price | None:
        """The configured price of `model`; a model run in-process costs nothing."""
        return self.prices.get(model) or (FREE if backend == "embedded" else None)


def load_config(path: Path | None) -> Config:
    """Read `path` (or ./brief.toml if present). Raises ConfigError in words a user can act on."""
    target = path or DEFAULT_PATH
    if not target.exists():
        if path is not None:
            raise ConfigError(f"{path}: no such config file")
        return Config()
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{target}: cannot read the config ({e})") from e
    try:
        return Config.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise ConfigError(f"{target}: {problems}") from e


SECRET_ENV = ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "BRIEF_SMTP_PASSWORD")
SECRET_KEYS = ("password", "api_key", "key", "token", "secret")


def _redacted(value: object) -> str:
    return "set (redacted)" if value not in (None, "") else "not set"


def effective(config: Config, path: Path | None, env: dict[str, str]) -> dict[str, object]:
    """What a run would use, from the config file and the environment; secrets redacted."""
    target = path or DEFAULT_PATH
    base_url = env.get("OPENAI_BASE_URL")
    azure = env.get("AZURE_OPENAI_ENDPOINT")
    backend = env.get("BRIEF_BACKEND", "auto")
    smtp = {k: (_redacted(v) if k.lower() in SECRET_KEYS else v) for k, v in config.smtp.items()}
    for name, value in env.items():
        if name.startswith("BRIEF_SMTP_"):
            key = name.removeprefix("BRIEF_SMTP_").lower()
            smtp[key] = _redacted(value) if key in SECRET_KEYS else value
    smtp.setdefault("password", "not set")
    return {
        "config_file": f"{target} ({'found' if target.exists() else 'not found'})",
        "model": {
            "backend": backend if backend != "auto" else (
                "azure (AZURE_OPENAI_ENDPOINT is set)" if azure else
                "openai (OPENAI_BASE_URL is set)" if base_url else "embedded (no endpoint set)"),
            "model": env.get("BRIEF_MODEL"),
            "base_url": base_url,
            "api_key": _redacted(env.get("OPENAI_API_KEY")),
            "azure_endpoint": azure,
            "api_version": env.get("OPENAI_API_VERSION"),
            "azure_api_key": _redacted(env.get("AZURE_OPENAI_API_KEY")),
            "tier": env.get("BRIEF_MODEL_TIER", "default"),
            "model_path": env.get("BRIEF_MODEL_PATH"),
        },
        "limits": {k.removeprefix("BRIEF_").lower(): env[k] for k in (
            "BRIEF_MAX_TOKENS", "BRIEF_MAX_COST", "BRIEF_CONCURRENCY", "BRIEF_RPM",
            "BRIEF_LLM_TIMEOUT", "BRIEF_LLM_RETRIES") if k in env},
        "smtp": smtp,
        "email": config.email.model_dump(by_alias=True),
        "sources": [s.model_dump() for s in config.sources],
        "prices": {m: p.model_dump() for m, p in config.prices.items()},
    }
