"""Shared helpers for the tests: small HTML pages built around a snippet."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def page(body: str, head: str = "", body_class: str = "") -> bytes:
    """A minimal but complete page around `body`."""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test page</title>{head}</head>'
        f'<body class="{body_class}">{body}</body></html>'
    ).encode()


@pytest.fixture
def root() -> Path:
    return ROOT
