"""JSON Schema in the subset every strict structured-output endpoint accepts.

Strict modes (OpenAI's `strict: true`, Azure OpenAI, vLLM's guided decoding) accept
only part of JSON Schema, and providers differ in which part: Azure's documentation
names `maxLength` as a keyword that makes a strict request fail. What brief sends in
strict mode stays inside the strictest common subset: every object closed
(`additionalProperties: false`), every property required (an optional one is
nullable instead), and no length, count, numeric or pattern bounds. Those limits are
still enforced — by brief's own validation of the reply, which re-asks with the error.
"""

from __future__ import annotations

import copy
from typing import Any

# Keywords outside the common strict subset: bounds the endpoint would enforce itself.
UNSUPPORTED = frozenset({
    "maxLength", "minLength", "maxItems", "minItems", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "pattern", "format",
    "uniqueItems", "minProperties", "maxProperties", "default", "examples",
})


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of `schema` inside the strict subset (the input is not changed)."""
    strict: dict[str, Any] = _strict(copy.deepcopy(schema))
    return strict


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _strict(v) for k, v in node.items() if k not in UNSUPPORTED}
    if out.get("type") == "object" or "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out.get("properties", {}))
    return out


def outside_strict_subset(schema: dict[str, Any], where: str = "#") -> list[str]:
    """Where `schema` leaves the strict subset, as JSON pointers with the reason."""
    problems: list[str] = []
    if isinstance(schema, dict):
        problems += [f"{where}: {k}" for k in schema if k in UNSUPPORTED]
        if schema.get("type") == "object" or "properties" in schema:
            if schema.get("additionalProperties") is not False:
                problems.append(f"{where}: object not closed")
            missing = set(schema.get("properties", {})) - set(schema.get("required", []))
            problems += [f"{where}: {name} not required" for name in sorted(missing)]
        for key, value in schema.items():
            if isinstance(value, dict):
                problems += outside_strict_subset(value, f"{where}/{key}")
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    problems += outside_strict_subset(item, f"{where}/{key}/{i}")
    return problems
