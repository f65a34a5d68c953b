"""A page's style sheet, parsed by WeasyPrint once a process instead of once a page.

WeasyPrint (up to at least 70) parses the text of every ``<style>`` element
of every page it draws: tokenising it, validating every declaration and
compiling every selector. All fact sheets of a process share one style sheet
(:data:`klyngestat.present.render.CSS`) and the overview another, so all but
the first of these parses were the same work done again: about 4 pct. of a
fact sheet's PDF time.

:func:`parsed_once` gives, for the duration of a render, a page whose only
style sheet is one ``<style>`` element the style sheet WeasyPrint parsed from
the same text before, in the same place of the cascade (the author's, as the
page's own ``<style>`` is). A parsed sheet holds its selectors and ``@page``
rules and nothing of the page it was first read for, as long as its text
brings nothing that WeasyPrint registers with the page's fonts, counter
styles, colour profiles or layers or resolves against the page's address
(``@font-face``, ``@counter-style``, ``@color-profile``, ``@layer``,
``@import``, ``url(``; nor a backslash, which could spell any of them):
any other style sheet, and every page with more than one, or with a
``<link>``, is parsed as WeasyPrint parses it. The module reaches into
WeasyPrint's style code, so it checks that it is what it was written against
and does nothing otherwise (the PDF is then the same, only slower).
"""

from __future__ import annotations

import inspect
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

_PARAMETERS = (
    "wrapper_element",
    "device_media_type",
    "url_fetcher",
    "base_url",
    "font_config",
    "counter_style",
    "color_profiles",
    "page_rules",
    "layers",
)
"""The parameters of ``weasyprint.css.find_stylesheets`` this module was written against, in order."""

_PAGE_BOUND = re.compile(r"@import|@font-face|@counter-style|@color-profile|@layer|url\(|\\", re.IGNORECASE)
"""What in a style sheet's text ties its parse to one page (see the module's note)."""

_lock = threading.RLock()


def _shareable(text: str) -> bool:
    """Whether a style sheet's parse serves every page that holds its text."""
    return _PAGE_BOUND.search(text) is None


@lru_cache(maxsize=8)
def _parsed(text: str, media_type: str) -> Any:
    """The style sheet WeasyPrint parses from ``text`` for a device of ``media_type``."""
    from weasyprint import CSS

    return CSS(string=text, media_type=media_type)


def _compatible(module: Any) -> bool:
    """Whether WeasyPrint's style module is laid out as this module expects."""
    original = getattr(module, "find_stylesheets", None)
    if not callable(original) or not callable(getattr(module, "get_child_text", None)):
        return False
    try:
        return tuple(inspect.signature(original).parameters) == _PARAMETERS
    except (TypeError, ValueError):  # pragma: no cover - a builtin or an odd callable
        return False


@contextmanager
def parsed_once() -> Iterator[None]:
    """Within the block, a page's one shareable ``<style>`` is parsed once a process (see the module's note)."""
    import weasyprint.css as module

    with _lock:
        if not _compatible(module):
            yield
            return
        original = module.find_stylesheets

        def find_stylesheets(
            wrapper_element: Any,
            device_media_type: str,
            url_fetcher: Any,
            base_url: Any,
            font_config: Any,
            counter_style: Any,
            color_profiles: Any,
            page_rules: Any,
            layers: Any,
        ) -> Iterator[Any]:
            sheets = list(wrapper_element.query_all("style", "link"))
            element = sheets[0].etree_element if len(sheets) == 1 else None
            if element is not None and element.tag == "style" and not element.attrib:  # no type, no media
                text = module.get_child_text(element)
                if _shareable(text):
                    yield _parsed(text, device_media_type)
                    return
            yield from original(
                wrapper_element,
                device_media_type,
                url_fetcher,
                base_url,
                font_config,
                counter_style,
                color_profiles,
                page_rules,
                layers,
            )

        module.find_stylesheets = find_stylesheets
        try:
            yield
        finally:
            module.find_stylesheets = original
