"""Markdown -> safe HTML for article bodies, and Markdown -> plain text for snippets and the index.

Editors write Markdown (raw HTML allowed by the parser), so the output is always run through
nh3: an allow-list of tags and attributes, links only to http(s), mailto and relative URLs (no
``javascript:``, no ``data:``), images only from our own site, and external links get
``rel="noopener nofollow"``.
"""

import html
import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "code": {"class"},
    "h2": {"id"},
    "h3": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "noopener nofollow"

_ANCHOR_RE = re.compile(r"<a\b([^>]*)>")
_HREF_RE = re.compile(r'\bhref="([^"]*)"')
_EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_END_RE = re.compile(r"</(?:p|li|h[1-6]|tr|pre|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
# A table row is one line, its cells separated by " · ": a row is one answer ("Pending review · ... · Wait.").
_CELL_GAP_RE = re.compile(r"</t[dh]>\s*(?=<t[dh][\s>])", re.IGNORECASE)
_SPACES_RE = re.compile(r"[ \t]+")

_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def _add_rel(match: re.Match) -> str:
    attributes = match.group(1)
    href = _HREF_RE.search(attributes)
    if href and _EXTERNAL_RE.match(html.unescape(href.group(1))) and not href.group(1).startswith("mailto:"):
        return f'<a{attributes} rel="{EXTERNAL_REL}">'
    return match.group(0)


def _own_images_only(tag: str, attribute: str, value: str) -> str | None:
    """An image may come only from our own site (a path such as ``/static/…``): an image from
    another site tells it who reads the article, and when (a tracking pixel), and the page's
    Content-Security-Policy would block it anyway."""
    if tag == "img" and attribute == "src":
        own = value.startswith("/") and not value.startswith("//") and "\\" not in value
        return value if own else None
    return value


def sanitize_html(raw_html: str) -> str:
    cleaned = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_own_images_only,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _ANCHOR_RE.sub(_add_rel, cleaned)


def render_markdown(text: str) -> str:
    """Safe HTML for an article body."""
    return sanitize_html(markdown_lib.markdown(text or "", extensions=_EXTENSIONS, output_format="html"))


def markdown_to_text(text: str) -> str:
    """Readable plain text (one line per block), for snippets and the search index."""
    return html_to_text(render_markdown(text))


def html_to_text(rendered: str) -> str:
    """``markdown_to_text`` of a body already rendered (``render_markdown``): rendering is the slow part.

    Inline tags go without a trace (a space in their place left "see Withdrawals ." and, in Chinese,
    "请看 提现一直没到账怎么办？ 。"); block ends become line breaks and table cells " · "."""
    with_breaks = _BLOCK_END_RE.sub("\n", _CELL_GAP_RE.sub(" · ", rendered))
    plain = html.unescape(_TAG_RE.sub("", with_breaks))
    lines = (_SPACES_RE.sub(" ", line).strip() for line in plain.splitlines())
    return "\n".join(line for line in lines if line)
