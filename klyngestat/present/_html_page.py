"""What every HTML page of klyngestat shares: the print style sheet, the page's head, Danish text kept together,
and the analyst's editorial Markdown as escaped HTML.

The public names are :data:`klyngestat.present.render.CSS`,
:func:`klyngestat.present.render.html_head`,
:func:`klyngestat.present.render.keep_together` and
:func:`klyngestat.present.render.markdown_html`; the fact sheets, the national
overview and the demo's index use them. Every piece is built with
:mod:`klyngestat.models._html`, which escapes every value.
"""

from __future__ import annotations

import re

from klyngestat.models._html import Markup, html, join

__all__ = ["CSS", "html_head", "keep_together", "markdown_html"]

CSS = """
@page { size: A4; margin: 13mm 15mm 15mm 15mm;
        @top-left { content: string(unit); font: bold 7.5pt "DejaVu Sans", sans-serif; color: #12355b; }
        @top-right { content: string(title); font: 7.5pt "DejaVu Sans", sans-serif; color: #555; }
        @bottom-left { content: element(pagefooter); width: 150mm; }
        @bottom-right { content: "Side " counter(page) " af " counter(pages); width: 30mm; white-space: nowrap;
                        font: 7.5pt "DejaVu Sans", sans-serif; color: #555; } }
@page :first { @top-left { content: none; } @top-right { content: none; } }
* { box-sizing: border-box; }
html { background: #fff; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 9pt; line-height: 1.38;
       color: #1d1d1d; margin: 0; }
main { max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
.masthead { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1.2pt solid #12355b;
            padding-bottom: 1.5mm; margin-bottom: 4mm; color: #555; }
.masthead .unit { font-weight: bold; color: #12355b; font-size: 11pt; string-set: unit content(); }
h1 { font-size: 16pt; line-height: 1.25; margin: 0 0 4mm; color: #12355b; string-set: title content(); }
h2 { font-size: 11.5pt; margin: 4mm 0 1.2mm; color: #12355b; break-after: avoid; }
main > section { break-inside: auto; }
p { margin: 0 0 2mm; orphans: 2; widows: 2; }
section.editorial-list ul, .editorial ul { margin: 0 0 2mm; padding-left: 5mm; }
figure { margin: 2mm 0 3mm; break-inside: avoid; }
figcaption { font-weight: bold; font-size: 9pt; margin-bottom: 1mm; break-after: avoid; }
figure svg { width: 100%; max-width: 145mm; height: auto; display: block; }
ol.advice > li { margin-bottom: 1.5mm; font-weight: bold; }
ol.advice ul { font-weight: normal; margin: 0.5mm 0 0; padding-left: 5mm; }
.notes { margin-top: 3mm; border-top: 0.4pt solid #999; padding-top: 1.5mm; font-size: 7pt; line-height: 1.3;
         color: #444; }
.notes p { margin: 0 0 0.6mm; }
sup.ref { font-size: 6.5pt; color: #6b6b6b; margin-left: 0.3mm; }
.provenance { font-size: 6.5pt; color: #555; margin-top: 1mm; }
.source { font-weight: bold; }
.sources { font-size: 6pt; line-height: 1.3; color: #333; margin-top: 3mm; }
.sources h2 { font-size: 8pt; color: #333; margin: 0 0 1mm; }
.sources ol { margin: 0; padding: 0; list-style: none; }
.sources li { display: inline; margin-right: 2.5mm; overflow-wrap: anywhere; }
.sources .n { font-weight: bold; }
.page-footer { font-size: 7pt; color: #555; }
@media print { .page-footer { position: running(pagefooter); } }
@media screen { .page-footer { display: none; } }
"""
"""The print style sheet of the fact sheets (A4, running header and footer); the overview adds its own."""


_TOGETHER = re.compile(r"(\d) (pct\.|procentpoint|svar\b|medlemmer|klynger\b)")


def keep_together(text: str) -> str:
    """No-break spaces between a number and its unit, so "67,3 pct." never breaks across lines.

    Parameters
    ----------
    text
        Danish text with figures.

    Examples
    --------
    >>> keep_together("på 67,3 pct. og 14 svar")
    'på 67,3\xa0pct. og 14\xa0svar'
    """
    return _TOGETHER.sub("\\1\u00a0\\2", text)


_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def _inline(text: str) -> Markup:
    """A line of editorial text, escaped, with ``**bold**`` and ``*em*`` made tags (on the escaped text)."""
    escaped = html("{}", keep_together(text))
    return Markup(_EMPHASIS.sub(r"<em>\1</em>", _STRONG.sub(r"<strong>\1</strong>", escaped)))


def markdown_html(text: str) -> str:
    r"""The editorial Markdown the template allows, as escaped HTML: paragraphs, ``- `` lists, ``**bold**``, ``*em*``.

    Any other markup (HTML tags included) is shown as the text it is.

    Parameters
    ----------
    text
        The analyst's Markdown: paragraphs parted by a blank line, lines
        starting with ``- `` (or ``* ``) as a list.

    Examples
    --------
    >>> markdown_html("Et **lille** speciale.\n\n- et punkt\n- <b>to</b>")
    '<p>Et <strong>lille</strong> speciale.</p>\n<ul><li>et punkt</li><li>&lt;b&gt;to&lt;/b&gt;</li></ul>'
    """
    parts = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith(("- ", "* ")) for line in lines):
            parts.append(html("<ul>{}</ul>", join(html("<li>{}</li>", _inline(line[2:])) for line in lines)))
        elif lines:
            parts.append(html("<p>{}</p>", _inline(" ".join(lines))))
    return str(join(parts, "\n"))


def html_head(title: str, css: str) -> list[str]:
    """The lines of a Danish page's start, up to ``</head>``: doctype, language, charset, title, style sheet.

    Each line is markup (:class:`klyngestat.models._html.Markup`), to join
    with the rest of a page built with :mod:`klyngestat.models._html`.

    Parameters
    ----------
    title
        The page's title (text, escaped).
    css
        The page's style sheet: the library's own CSS (such as :data:`CSS`),
        inserted as it is, never text from the data.

    Examples
    --------
    >>> html_head("R&D", "p {}")[5:7]
    ['<title>R&amp;D</title>', '<style>p {}</style>']
    """
    return [
        Markup("<!DOCTYPE html>"),
        Markup('<html lang="da">'),
        Markup("<head>"),
        Markup('<meta charset="utf-8">'),
        Markup('<meta name="viewport" content="width=device-width, initial-scale=1">'),
        html("<title>{}</title>", title),
        html("<style>{}</style>", Markup(css)),  # the library's own style sheet
        Markup("</head>"),
    ]
