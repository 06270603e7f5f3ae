"""The formulas the cached values read (:mod:`._evaluate`), parsed: a formula's tokens
(numbers, strings, cell and range references with or without a sheet, defined names,
function calls, operators) and its tree by Excel's precedence — comparison, ``&``,
``+ -``, ``* /``, ``^``, unary sign — as nested tuples (:data:`Node`). A token or a form
it does not know raises :class:`ValueError`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_TOKENS = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)
        (?![\w(])
  | (?P<number>\d+(?:\.\d*)?(?:[Ee][+-]?\d+)?)
  | (?P<function>[A-Z][A-Z0-9.]*)\(
  | (?P<name>[A-Za-z_\\][\w.]*)
  | (?P<op><>|>=|<=|[-+*/^&=<>(),])
""",
    re.VERBOSE,
)

_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _tokens(formula: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(formula):
        match = _TOKENS.match(formula, at)
        if match is None:
            msg = f"cannot read the formula {formula!r} at {formula[at:]!r}"
            raise ValueError(msg)
        kind = match.lastgroup or ""
        if kind != "space":
            found.append((kind, match.group(kind)))
        at = match.end()
    return found


#: A parsed formula: nested tuples ``(kind, …)``.
Node = tuple[Any, ...]


class _Parser:
    """Excel's precedence: comparison, ``&``, ``+ -``, ``* /``, ``^``, unary sign."""

    def __init__(self, formula: str, sheet: str) -> None:
        self.tokens = _tokens(formula)
        self.at = 0
        self.sheet = sheet
        self.formula = formula

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, value: str) -> None:
        token = self.peek()
        if token is None or token[1] != value:
            msg = f"expected {value!r} in {self.formula!r}"
            raise ValueError(msg)
        self.at += 1

    def parse(self) -> Node:
        node = self.comparison()
        if self.peek() is not None:
            msg = f"cannot read the formula {self.formula!r} after token {self.at}"
            raise ValueError(msg)
        return node

    def binary(self, operators: tuple[str, ...], lower: Callable[[], Node]) -> Node:
        node = lower()
        while (token := self.peek()) is not None and token[0] == "op" and token[1] in operators:
            self.take()
            node = ("op", token[1], node, lower())
        return node

    def comparison(self) -> Node:
        return self.binary(("=", "<>", "<", ">", "<=", ">="), self.concatenation)

    def concatenation(self) -> Node:
        return self.binary(("&",), self.additive)

    def additive(self) -> Node:
        return self.binary(("+", "-"), self.multiplicative)

    def multiplicative(self) -> Node:
        return self.binary(("*", "/"), self.power)

    def power(self) -> Node:
        return self.binary(("^",), self.unary)

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in "+-":
            self.take()
            operand = self.unary()
            return ("neg", operand) if token[1] == "-" else ("pos", operand)
        return self.primary()

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "number":
            return ("value", float(text))
        if kind == "string":
            return ("value", text[1:-1].replace('""', '"'))
        if kind == "ref":
            return ("ref", *_reference(text, self.sheet))
        if kind == "name":
            upper = text.upper()
            if upper in ("TRUE", "FALSE"):
                return ("value", upper == "TRUE")
            return ("name", text)
        if kind == "function":
            args: list[Node] = []
            if self.peek() == ("op", ")"):
                self.take()
                return ("call", text, tuple(args))
            while True:
                args.append(self.comparison())
                token = self.take()
                if token == ("op", ")"):
                    return ("call", text, tuple(args))
                if token != ("op", ","):
                    msg = f"expected ',' or ')' in {self.formula!r}"
                    raise ValueError(msg)
        if (kind, text) == ("op", "("):
            node = self.comparison()
            self.expect(")")
            return node
        msg = f"cannot read {text!r} in the formula {self.formula!r}"
        raise ValueError(msg)


def _reference(text: str, sheet: str) -> tuple[str, int, int, int, int]:
    """``(sheet, first row, first column, last row, last column)`` of a reference."""
    if "!" in text:
        sheet, _, text = text.rpartition("!")
        if sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
    corners = [_CELL.fullmatch(part) for part in text.split(":")]
    (a, *rest) = corners
    b = rest[0] if rest else a
    if a is None or b is None:
        msg = f"not a reference: {text!r}"
        raise ValueError(msg)
    r1, c1, r2, c2 = int(a.group(2)), _column(a.group(1)), int(b.group(2)), _column(b.group(1))
    return sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)
