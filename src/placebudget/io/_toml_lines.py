"""Line numbers of keys in a TOML document, so that a problem found in the structured
data (``interventions[0].effects[2].impact``) can point at its line in the file.

``tomllib`` keeps no positions, so this reads the text's table headers (``[a.b]``,
``[[a.b]]``) and ``key = value`` lines, counting array-of-tables elements as TOML does.
Keys inside inline tables and arrays are placed on the line of their outer key.

Examples
--------
>>> text = '''name = "x"
... [[interventions]]
... id = "a"
... [[interventions.effects]]
... impact = 0.3
... [[interventions.effects]]
... impact = 1.3
... '''
>>> lines = key_lines(text)
>>> line_of(lines, "interventions[0].effects[1].impact")
7
>>> line_of(lines, "interventions[0].effects[1].fiscal['nhs']")  # nearest known parent
6
"""

from __future__ import annotations

import re

__all__ = ["key_lines", "line_of"]

Key = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_ASSIGN = re.compile(rf"^\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=\s*(.*)$")
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=""")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")
_PATH = re.compile(r"""([^.\[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]""")


def _parts(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _PART.findall(dotted)]


def key_lines(text: str) -> dict[Key, int]:
    """Every table and key of ``text`` with its (1-based) line."""
    lines: dict[Key, int] = {}
    counts: dict[Key, int] = {}
    current: Key = ()
    open_multiline: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if open_multiline is not None:
            if open_multiline in raw:
                open_multiline = None
            continue
        header = _HEADER.match(raw)
        if header and not raw.lstrip().startswith(("#",)) and "=" not in raw.split("]")[0]:
            resolved: list[str | int] = []
            for part in _parts(header.group(2)):
                resolved.append(part)
                if tuple(resolved) in counts:
                    resolved.append(counts[tuple(resolved)] - 1)
            if header.group(1) == "[[":
                key = tuple(resolved[:-1]) if isinstance(resolved[-1], int) else tuple(resolved)
                counts[key] = counts.get(key, 0) + 1
                resolved = [*key, counts[key] - 1]
            current = tuple(resolved)
            lines.setdefault(current, number)
            continue
        assign = _ASSIGN.match(raw)
        if assign and not raw.lstrip().startswith("#"):
            key = (*current, *_parts(assign.group(1)))
            lines[key] = number
            value = assign.group(2)
            for inner in _INLINE_KEY.findall(value):
                lines.setdefault((*key, inner.strip("\"'")), number)
            for quote in ('"""', "'''"):
                if value.count(quote) == 1:
                    open_multiline = quote
    return lines


def line_of(lines: dict[Key, int], path: str) -> int | None:
    """The line of the longest prefix of ``path`` found in ``lines``."""
    key: list[str | int] = []
    best: int | None = lines.get(())
    for name, index, single, double in _PATH.findall(path):
        if index:
            # a list index, or a numeric table key such as an intake year
            as_int = (*key, int(index))
            key.append(
                int(index)
                if as_int in lines or any(k[: len(as_int)] == as_int for k in lines)
                else index
            )
        else:
            key.append(name or single or double)
        found = lines.get(tuple(key))
        if found is not None:
            best = found
    return best
