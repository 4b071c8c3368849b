"""The Markdown of ``report.md``: CommonMark with front matter, footnotes and colon fences
(markdown-it-py and its plugins), never raw HTML, plus MyST-style ``%`` comment lines and heading
anchors."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from . import limits


def _fill_url_tables() -> None:
    """Have markdown-it's URL helpers (mdurl) build their percent-encoding tables now, while
    this module is imported (one thread at a time). mdurl files each table before it fills it,
    so two builds reading their first link at once in two threads of one process (the API in
    threads) could look up a table half built: IndexError in ``mdurl.encode``."""
    from markdown_it.common import normalize_url  # (what a parser's normalizeLink calls)

    normalize_url.normalizeLink("https://example.org/a%20b")
    normalize_url.normalizeLinkText("https://example.org/a%20b")


_fill_url_tables()


def markdown() -> MarkdownIt:
    """The parser: CommonMark without raw HTML or indented code, plus the three plugins."""
    md = (MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
          .use(front_matter_plugin).use(footnote_plugin).use(colon_fence_plugin))
    limits.bound(md)
    md.enable("table")  # parsed only to say where tables belong (see blocks())
    md.disable("code")  # text indented by pasting stays a paragraph, not a code block
    md.disable("entity")  # "&amp;" in a source prints as written: text is never markup
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # inlines.check_href judges links
    md.core.ruler.before("footnote_tail", "briefkit_notes", _keep_note_definitions)
    return md


def _keep_note_definitions(state) -> None:
    """Record every footnote definition before the footnote plugin drops those not cited in
    the text parsed so far (a note may be cited only inside a directive, parsed later)."""
    found = state.env.setdefault("briefkit_notes", [])
    offset = state.env.get("briefkit_offset", 0)
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "footnote_reference_open":
            continue
        inline = next((t for t in tokens[index + 1:] if t.type in ("inline", "footnote_reference_close")),
                      None)
        if inline is not None and inline.type == "inline":
            inline.meta["line_offset"] = offset
            found.append((token.meta["label"], inline))


def slug(text: str) -> str:
    """Anchor for a heading: lower-case words joined by hyphens."""
    words = re.findall(r"\w+", text.lower())
    return "-".join(words) or "section"


def strip_comments(text: str) -> str:
    """Blank out MyST-style comment lines (first character ``%``) outside code fences, keeping
    line numbers as they are in the file."""
    fence = ""
    lines = text.split("\n")
    body = 0
    if lines and lines[0].strip() == "---":  # the front matter is YAML: its lines are its own
        body = next((i + 1 for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), 0)
    out = lines[:body]
    for line in lines[body:]:
        stripped = line.lstrip()
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if marker and (not fence or stripped.startswith(fence)):
            fence = "" if fence else marker.group(1)
        out.append("" if not fence and line.startswith("%") else line)  # "% of GDP" indented stays
    return "\n".join(out)
