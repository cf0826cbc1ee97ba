"""The review's templates (package data under templates/), rendered with Jinja2, escaping everything by default.

Only the sanitizer's output is marked safe (`Markup`); every other value,
page text and file names included, is escaped by the template engine.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pipeline.review.source_view import kind_class

__all__ = ["Markup", "environment"]


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.review", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=False,
    )
    env.globals["kind_css"] = kind_class
    return env
