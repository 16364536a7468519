"""The LLM layer: one interface (`StructuredLLM.complete`), vendors behind it."""

from brief.llm.base import StructuredLLM
from brief.llm.factory import ModelSettings, make_backend
from brief.llm.limits import cost_of
from brief.llm.types import Backend, Completion, Message, Request, Usage

__all__ = [
    "Backend", "Completion", "Message", "ModelSettings", "Request", "StructuredLLM", "Usage",
    "cost_of", "make_backend",
]
