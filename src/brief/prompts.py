"""Prompt templates: Jinja2 files in prompts/, rendered with StrictUndefined.

A prompt's version is a hash of its template files, so changing a prompt can never
be served a reply cached for the old wording.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import jinja2

from brief.llm.types import Message

PROMPTS_DIR = Path(__file__).parent / "prompts"


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PROMPTS_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def version(name: str) -> str:
    """`name@<12 hex>` over the system and user templates of prompt `name`."""
    digest = hashlib.sha256()
    for part in ("system", "user"):
        digest.update((PROMPTS_DIR / f"{name}_{part}.j2").read_bytes())
    return f"{name}@{digest.hexdigest()[:12]}"


def render(name: str, **values: object) -> list[Message]:
    """System and user messages of prompt `name`. A missing value raises UndefinedError."""
    env = _env()
    return [
        {"role": "system", "content": env.get_template(f"{name}_system.j2").render(**values)},
        {"role": "user", "content": env.get_template(f"{name}_user.j2").render(**values)},
    ]


def as_data(text: str, tag: str) -> str:
    """Article text made safe to sit between <tag> delimiters: it cannot close them.

    Any opening or closing tag of that name, in any case or spacing ("</ARTICLE >",
    "< /article>"), loses its angle bracket, so only the prompt's own tags remain.
    """
    return re.sub(rf"<(\s*/?\s*{re.escape(tag)})(?![\w-])", r"‹\1", text, flags=re.I)
