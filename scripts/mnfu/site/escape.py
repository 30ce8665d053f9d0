"""Text from data, made safe for each place it lands. The one module that escapes.

Every value in ``data/`` is untrusted text: it is shown as the characters the editor typed, never as
markup. Each output context has its own function, and templates reach them through filters:

============================  ==========================  =============================================
Where the text lands          Function (template filter)  What could go wrong without it
============================  ==========================  =============================================
Markdown, inside a line       ``md_inline`` (``inline``)  emphasis, links, HTML, footnote references
Markdown, at a line start     ``md_block`` (``e``)        headings, lists, admonitions, fences, quotes
Markdown table cell           ``md_cell`` (``cell``)      a ``|`` or line break ending the cell
Markdown link destination     ``md_url`` (``url``)        ``)`` or a space ending the link early
Navigation title (nav YAML)   ``nav_title``               the theme inserts nav titles as raw HTML
HTML text and attributes      ``html_text``/``html_attr`` tags, attributes, a blank line ending a block
JSON in a <script> (JSON-LD)  ``json_script``             ``</script>`` or ``<!--`` ending the element
Fenced code block line        ``code_line`` (``code``)    a line starting a snippet or closing the fence
BibTeX field value            ``latex``                   unbalanced braces, LaTeX commands
RIS, iCalendar, Atom, CSV     ``ris_value``, ``ical_text``, ``xml_text``, ``csv_cell``
Pull-request comment (GFM)    ``gfm_inline``              emphasis, links, HTML, math, mentions, emoji
... at a line start           ``gfm_block``               also lists, headings, quotations
... as a code span            ``gfm_code``                a backtick ending the span
============================  ==========================  =============================================

JSON downloads need no function of their own: ``json.dumps`` escapes every value.

Whitespace: a value is one logical line wherever it lands except prose, whose paragraphs the templates
place one per line; line breaks and tabs inside a value become single spaces. Control characters other
than line feed and tab, and bidirectional override characters, never get here: ``load`` rejects them.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from typing import Any

from markupsafe import Markup

# Python-Markdown (with the tables extension) honours a backslash before each of these. '-' and '.'
# matter only at a line start (lists) and are escaped only there: an escaped character inside a word
# would keep abbreviations such as MNF-U from matching.
_MD_ESCAPABLE = re.compile(r"([\\`*_\[\]{}()#+!|])")
_LIST_START = re.compile(r"^(?:[-+](?=\s|$)|\d+\.(?=\s|$))")
# At the start of a line, characters that begin a block but have no backslash escape in Python-Markdown:
# '?' (??? collapsible admonition), '~' (~~~ fence), ':' and '=' (definition lists, setext underline),
# '%' and ';' (reserved by some extensions). Written as character references, they are plain text.
_LINE_START_ENTITY = {"?": "&#63;", "~": "&#126;", ":": "&#58;", "=": "&#61;", "%": "&#37;", ";": "&#59;"}
_SPACE = re.compile(r"\s+")
# Anything that starts a pymdownx.snippets include (``--8<--``) or a fence: defused in code lines.
_SNIPPET = re.compile(r"-+8<-+")


def one_line(text: Any) -> str:
    """The value as a single line: every run of whitespace (line breaks, tabs) becomes one space.

    Not stripped: text between two links keeps its spaces."""
    return _SPACE.sub(" ", str(text))


def md_inline(text: Any) -> Markup:
    """Text inside a Markdown line (after other text): every Markdown and HTML character is literal."""
    if isinstance(text, Markup):
        return text
    value = html.escape(one_line(text), quote=False)
    return Markup(_MD_ESCAPABLE.sub(r"\\\1", value))


def md_block(text: Any) -> Markup:
    """Text that may start a Markdown line or block: also no heading, list, quote, fence or admonition."""
    if isinstance(text, Markup):
        return text
    value = str(md_inline(str(text).lstrip()))  # leading spaces would make an indented code block
    first = value[:1]
    if first in _LINE_START_ENTITY:
        value = _LINE_START_ENTITY[first] + value[1:]
    elif first == "-":  # a list item, or a rule / setext underline ('---')
        value = "\\" + value
    else:
        value = _LIST_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], value)
    return Markup(value)


def md_cell(text: Any) -> Markup:
    """Text in a Markdown table cell: one line, ``|`` escaped (it ends cells); cells hold no blocks."""
    return md_inline(text)


_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def md_url(url: Any) -> Markup:
    """An address as a Markdown link destination: characters that would end or break the link encoded.

    Only http(s) addresses reach here (``models`` validates them); anything else becomes ``#``.
    """
    value = str(url)
    if not re.match(r"(?i)https?://", value):
        return Markup("#")
    return Markup(urllib.parse.quote(value, safe=_URL_SAFE))


def html_text(text: Any) -> Markup:
    """Text inside raw HTML or SVG: tags and entities escaped, one line (a blank line ends an HTML block)."""
    if isinstance(text, Markup):
        return text
    return Markup(html.escape(one_line(text), quote=False))


def html_attr(text: Any) -> Markup:
    """Text inside a double-quoted HTML attribute value."""
    if isinstance(text, Markup):
        return text
    return Markup(html.escape(one_line(text), quote=True))


def json_script(value: Any) -> Markup:
    """A value as JSON inside an HTML ``<script>`` element (JSON-LD): one line (a blank line would end the
    Markdown's HTML block), with ``<``, ``>`` and ``&`` written as ``\\u003c``, ``\\u003e`` and ``\\u0026``,
    so no text from data can close the element (``</script>``) or open a comment; JSON parsers read
    the same string."""
    import json

    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)


def nav_title(text: Any) -> Markup:
    """A navigation title as a YAML scalar. MkDocs, ProperDocs and Zensical insert nav titles into the
    page as raw HTML, so the text is HTML-escaped first, then double-quoted for YAML with every character
    beyond ASCII escaped: ``\\u00e9``, and ``\\U0001f642`` past the Basic Multilingual Plane (JSON's
    surrogate pair ``\\ud83d\\ude42`` reads in YAML as two lone surrogates, which no page can be written with)."""
    import json

    value = json.dumps(html.escape(one_line(text), quote=True), ensure_ascii=False)
    return Markup("".join(c if c < "\x80" else f"\\u{ord(c):04x}" if c <= "\uffff" else f"\\U{ord(c):08x}"
                          for c in value))


def code_line(text: Any) -> Markup:
    """Text inside a fenced code block, on one line: shown literally (the block escapes HTML), so only
    what works on raw lines is defused: line breaks (a new line could start ``--8<--`` or close the
    fence) become spaces, and a snippet marker gets a zero-width space."""
    value = one_line(text)
    value = _SNIPPET.sub(lambda m: m.group(0).replace("8<", "8\u200b<"), value)
    return Markup(value.replace("```", "`\u200b``").replace("~~~", "~\u200b~~"))


# ---------------------------------------------------------------- the pull-request comment

# GitHub-flavoured Markdown honours a backslash before any ASCII punctuation. Inside a line these have a
# meaning: emphasis and strikethrough (* _ ~), code (`), links and images ([ ] !), tables (|), math ($),
# a heading's closing sequence (#) and the backslash itself; '<' and '&' are escaped as HTML.
_GFM_ESCAPABLE = re.compile(r"([\\`*_\[\]|~#!$])")
# GitHub links '@name' (and notifies that person or team) and draws ':name:' as an emoji after the
# Markdown is rendered, so no backslash helps: a zero-width space after the '@' or ':' keeps them text.
_GFM_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
# An emoji code has a letter, or is one of the four without ('12:30:45' is left alone); '_' is '\_' here.
_GFM_EMOJI = re.compile(r":(?=(?:[0-9+-]|\\_)*[A-Za-z](?:[A-Za-z0-9+-]|\\_)*:|(?:100|1234|[+-]1):)")
_GFM_BLOCK_START = re.compile(r"^(?:[-+=>]|\d+[.)](?=\s|$))")


def gfm_inline(text: Any) -> str:
    """Text inside a line of a GitHub comment (``mnfu diff``, posted on pull requests): one line, shown
    as typed. Emphasis, code, links, images, tables, math and HTML characters are escaped; a mention
    (``@name``) or emoji code (``:name:``) gets a zero-width space so GitHub neither notifies anyone nor
    draws a picture. A bare address or ``#123`` stays as typed (GitHub links it)."""
    value = html.escape(one_line(text), quote=False)
    value = _GFM_ESCAPABLE.sub(r"\\\1", value)
    value = _GFM_MENTION.sub("@&#8203;", value)
    return _GFM_EMOJI.sub(":&#8203;", value)


def gfm_block(text: Any) -> str:
    """Text that starts a line or block of a GitHub comment (a quotation's line): ``gfm_inline``, and no
    heading, list, quotation, rule or indented code either."""
    value = gfm_inline(str(text).strip())
    return _GFM_BLOCK_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], value)


def gfm_code(text: Any) -> str:
    """Text as a code span of a GitHub comment (ids, field paths, file names, messages): shown literally,
    one line; the fence is longer than any run of backticks inside it."""
    value = one_line(text)
    runs = [len(r) for r in re.findall(r"`+", value)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if value.startswith(("`", " ")) or value.endswith(("`", " ")) or not value.strip() else ""
    return f"{fence}{pad}{value}{pad}{fence}"


# ---------------------------------------------------------------- downloads

_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}",
}
_LATEX_RE = re.compile("|".join(re.escape(c) for c in _LATEX))


def latex(text: Any) -> str:
    """Text safe inside a braced BibTeX value: LaTeX's special characters as commands, one line, UTF-8 kept."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], one_line(text))


def ris_value(text: Any) -> str:
    """A RIS tag value: one line (a line break would start a new tag, e.g. ``ER  -``)."""
    return one_line(text)


def ical_text(text: Any) -> str:
    """An iCalendar TEXT value (RFC 5545, 3.3.11): backslash, ``;``, ``,`` and line breaks escaped."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: Any) -> str:
    """Text for XML content or a double-quoted attribute (Atom): escaped, characters XML forbids removed."""
    return html.escape(_XML_INVALID.sub("", str(text)), quote=True)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell. Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) gets a
    leading apostrophe, the usual defence against formula injection; numbers are left as they are."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    text = str(value)
    if text.startswith(_FORMULA_START) and not re.fullmatch(r"[-+]?\d+(?:\.\d+)?", text):
        return "'" + text
    return text


def abbr_title(text: Any) -> Markup:
    """An abbreviation's expansion in an ``*[ABBR]: expansion`` line, which the abbr extension makes the
    ``title`` attribute of every ``<abbr>``: one trimmed line, ``&`` written ``&amp;`` (Python-Markdown
    keeps what looks like a character reference as it is, so ``&lt;`` typed would show as ``<``); the
    extension escapes the rest."""
    return Markup(one_line(text).strip().replace("&", "&amp;"))


FILTERS = {
    "e": md_block,
    "inline": md_inline,
    "cell": md_cell,
    "url": md_url,
    "attr": html_attr,
    "html": html_text,
    "code": code_line,
    "latex": latex,
    "nav_title": nav_title,
    "json_script": json_script,
    "abbr_title": abbr_title,
}
"""The escaping filters templates use (``{{ value|cell }}``); plain ``{{ value }}`` is ``md_block``."""
