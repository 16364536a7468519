"""Render: the brief as Markdown and its evidence as JSON, formatting what the pipeline computed."""
