"""The LLM layer: one interface (`StructuredLLM.complete`), vendors behind it."""

from brief.llm.base import Backend, Completion, Message, Request, StructuredLLM, Usage
from brief.llm.factory import ModelSettings, make_backend
from brief.llm.limits import cost_of

__all__ = [
    "Backend", "Completion", "Message", "ModelSettings", "Request", "StructuredLLM", "Usage",
    "cost_of", "make_backend",
]
