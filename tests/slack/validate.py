"""Check Block Kit the way Slack would: re-parse with slack_sdk's models, which enforce the limits."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View


def assert_blocks(blocks: list[dict[str, Any]], *, limit: int = 50) -> list[Block]:
    """Every block parses into a model, validates, and the message is within Slack's limits."""
    assert 0 < len(blocks) <= limit, len(blocks)
    parsed = Block.parse_all(blocks)
    assert len(parsed) == len(blocks)
    for model, raw in zip(parsed, blocks, strict=True):
        assert model is not None, raw
        assert model.to_dict() == raw  # to_dict() runs slack_sdk's validators
        if raw["type"] == "section" and "text" in raw:
            assert len(raw["text"]["text"]) <= 3000
        if raw["type"] == "header":
            assert len(raw["text"]["text"]) <= 150
    return parsed


def assert_view(view: dict[str, Any]) -> View:
    """A modal or Home view that slack_sdk accepts."""
    model = View(**view)
    model.to_dict()
    assert_blocks(view["blocks"], limit=100)
    return model
