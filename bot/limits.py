"""LINE's message limits, enforced by our own validators (the SDK checks only some of them).

Text lengths are counted as LINE counts them: message texts in UTF-16 code units, action labels in grapheme
clusters (a Thai consonant with its vowel and tone marks is one). Source: shared/notes/line-platform.md §0, §4.4.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import regex

MAX_MESSAGES = 5
MAX_BUBBLES = 12
MAX_QUICK_REPLIES = 13
MAX_QUICK_REPLY_LABEL = 20
MAX_BUTTON_LABEL = 40
MAX_ALT_TEXT = 1500
MAX_URI = 1000
MAX_POSTBACK_DATA = 300
MAX_ACTION_TEXT = 300
MAX_TEXT = 5000
MAX_TEMPLATE_TEXT = 160
MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
URI_SCHEMES = ("http://", "https://", "line://", "tel:")

#: One extended grapheme cluster (Unicode UAX #29) per match: a Thai consonant with its vowel and tone marks, a flag,
#: an emoji with its skin tone or a whole ZWJ family. The ``regex`` module keeps these rules current with Unicode.
_GRAPHEME = regex.compile(r"\X")


class LimitError(ValueError):
    """A reply that LINE would refuse."""


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units (how LINE counts message text: an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def graphemes(text: str) -> list[str]:
    """The user-perceived characters (extended grapheme clusters) of ``text``."""
    return _GRAPHEME.findall(text)


def grapheme_length(text: str) -> int:
    """Number of user-perceived characters (grapheme clusters), as LINE counts action labels."""
    return len(graphemes(text))


def fit_label(text: str, limit: int = MAX_QUICK_REPLY_LABEL) -> str:
    """``text`` cut to at most ``limit`` grapheme clusters, ending with … when cut; never splits a Thai syllable's
    marks from their consonant, nor an emoji sequence."""
    text = " ".join(text.split())
    clusters = graphemes(text)
    if len(clusters) <= limit:
        return text
    return "".join(clusters[: limit - 1]).rstrip() + "…"


def fit_text(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 units, ending with … when cut, on a grapheme cluster boundary (never
    inside a surrogate pair, a Thai syllable or an emoji sequence)."""
    if utf16_length(text) <= limit:
        return text
    out: list[str] = []
    used = 0
    for cluster in graphemes(text):
        size = utf16_length(cluster)
        if used + size > limit - 1:
            break
        out.append(cluster)
        used += size
    return "".join(out) + "…"


def _actions(node: Any, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        if "action" in node and isinstance(node["action"], Mapping):
            yield f"{path}.action", node["action"]
        for key, value in node.items():
            if key != "action":
                yield from _actions(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _actions(item, f"{path}[{i}]")


def _check_action(path: str, action: Mapping[str, Any], label_limit: int) -> list[str]:
    problems: list[str] = []
    label = action.get("label")
    if label is not None and grapheme_length(str(label)) > label_limit:
        problems.append(f"{path}.label longer than {label_limit} characters")
    kind = action.get("type")
    if kind == "uri":
        uri = str(action.get("uri", ""))
        if len(uri) > MAX_URI:
            problems.append(f"{path}.uri longer than {MAX_URI} characters")
        if not uri.startswith(URI_SCHEMES):
            problems.append(f"{path}.uri must be http, https, line or tel")
    elif kind == "postback":
        if len(str(action.get("data", ""))) > MAX_POSTBACK_DATA:
            problems.append(f"{path}.data longer than {MAX_POSTBACK_DATA} characters")
        if utf16_length(str(action.get("displayText", ""))) > MAX_ACTION_TEXT:
            problems.append(f"{path}.displayText longer than {MAX_ACTION_TEXT} characters")
    elif kind == "message" and utf16_length(str(action.get("text", ""))) > MAX_ACTION_TEXT:
        problems.append(f"{path}.text longer than {MAX_ACTION_TEXT} characters")
    return problems


def problems(messages: Sequence[Mapping[str, Any]]) -> list[str]:
    """Everything in a reply that LINE would refuse (an empty list when the reply is valid)."""
    found: list[str] = []
    if not 1 <= len(messages) <= MAX_MESSAGES:
        found.append(f"a reply has 1 to {MAX_MESSAGES} messages, not {len(messages)}")
    for i, m in enumerate(messages):
        path = f"messages[{i}]"
        if m.get("type") == "text":
            text = str(m.get("text", ""))
            if not text or utf16_length(text) > MAX_TEXT:
                found.append(f"{path}.text must have 1 to {MAX_TEXT} characters")
        if m.get("type") == "flex":
            if not 1 <= utf16_length(str(m.get("altText", ""))) <= MAX_ALT_TEXT:
                found.append(f"{path}.altText must have 1 to {MAX_ALT_TEXT} characters")
            contents = m.get("contents", {})
            size = len(json.dumps(contents, ensure_ascii=False).encode("utf-8"))
            if contents.get("type") == "carousel":
                bubbles = contents.get("contents", [])
                if not 1 <= len(bubbles) <= MAX_BUBBLES:
                    found.append(f"{path}.contents has 1 to {MAX_BUBBLES} bubbles, not {len(bubbles)}")
                if size > MAX_CAROUSEL_BYTES:
                    found.append(f"{path}.contents larger than {MAX_CAROUSEL_BYTES} bytes")
                for b, bubble in enumerate(bubbles):
                    if len(json.dumps(bubble, ensure_ascii=False).encode("utf-8")) > MAX_BUBBLE_BYTES:
                        found.append(f"{path}.contents.contents[{b}] larger than {MAX_BUBBLE_BYTES} bytes")
            elif size > MAX_BUBBLE_BYTES:
                found.append(f"{path}.contents larger than {MAX_BUBBLE_BYTES} bytes")
            for apath, action in _actions(contents, f"{path}.contents"):
                found.extend(_check_action(apath, action, MAX_BUTTON_LABEL))
        if m.get("type") == "template":
            template = m.get("template", {})
            if not 1 <= utf16_length(str(m.get("altText", ""))) <= MAX_ALT_TEXT:
                found.append(f"{path}.altText must have 1 to {MAX_ALT_TEXT} characters")
            if utf16_length(str(template.get("text", ""))) > MAX_TEMPLATE_TEXT:
                found.append(f"{path}.template.text longer than {MAX_TEMPLATE_TEXT} characters")
            for apath, action in _actions(template, f"{path}.template"):
                found.extend(_check_action(apath, action, MAX_QUICK_REPLY_LABEL))
            for a, action in enumerate(template.get("actions", [])):
                found.extend(_check_action(f"{path}.template.actions[{a}]", action, MAX_QUICK_REPLY_LABEL))
        quick = m.get("quickReply")
        if quick is not None:
            items = quick.get("items", [])
            if not 1 <= len(items) <= MAX_QUICK_REPLIES:
                found.append(f"{path}.quickReply has 1 to {MAX_QUICK_REPLIES} items, not {len(items)}")
            for q, item in enumerate(items):
                found.extend(
                    _check_action(f"{path}.quickReply.items[{q}].action", item.get("action", {}), MAX_QUICK_REPLY_LABEL)
                )
    return found


def check(messages: Sequence[Mapping[str, Any]]) -> None:
    """Raise :class:`LimitError` listing every problem, if there is any."""
    found = problems(messages)
    if found:
        raise LimitError("; ".join(found))
