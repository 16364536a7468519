"""The LLM layer: one interface (`StructuredLLM.complete`), vendors behind it."""

from .base import Backend, Completion, Message, Request, StructuredLLM, Usage
from .factory import ModelSettings, make_backend
from .limits import cost_of

__all__ = [
    "Backend", "Completion", "Message", "ModelSettings", "Request", "StructuredLLM", "Usage",
    "cost_of", "make_backend",
]
