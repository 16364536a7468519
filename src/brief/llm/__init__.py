"""The LLM layer: one interface (`StructuredLLM.complete`), vendors behind it."""

from .base import Backend, Completion, Message, StructuredLLM, Usage
from .factory import ModelSettings, make_backend

__all__ = [
    "Backend", "Completion", "Message", "ModelSettings", "StructuredLLM", "Usage",
    "make_backend",
]
