"""A small evaluator for the formulas the county report writes (SUM, SUMPRODUCT, IF, N, + / =),
so the tests can check what Excel or WPS will show without a spreadsheet program."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

TOKEN = re.compile(r'\s*(?:(\d+(?:\.\d+)?)|([A-Z]+\d+(?::[A-Z]+\d+)?)|([A-Z]+)\(|(""|[(),+/=*-]))')


class Sheet:
    """Evaluate a worksheet's cells (values as openpyxl reads them with formulas kept)."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet

    def value(self, ref: str) -> Any:
        raw = self.sheet[ref].value
        if isinstance(raw, str) and raw.startswith("=") and self.sheet[ref].data_type == "f":
            return Formula(raw[1:], self).parse()
        return raw

    def cells(self, span: str) -> list[Any]:
        start, end = span.split(":")
        c1, r1 = re.match(r"([A-Z]+)(\d+)", start).groups()  # type: ignore[union-attr]
        c2, r2 = re.match(r"([A-Z]+)(\d+)", end).groups()  # type: ignore[union-attr]
        return [
            self.value(f"{get_column_letter(c)}{r}")
            for r in range(int(r1), int(r2) + 1)
            for c in range(column_index_from_string(c1), column_index_from_string(c2) + 1)
        ]


def number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


class Formula:
    """Recursive descent over one formula."""

    def __init__(self, text: str, sheet: Sheet) -> None:
        found = list(TOKEN.finditer(text))
        assert sum(len(m.group(0)) for m in found) == len(text), text  # nothing left unread
        self.tokens = [m.groups() for m in found]
        self.at = 0
        self.sheet = sheet

    def peek(self) -> tuple[Any, ...] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, symbol: str) -> None:
        assert self.tokens[self.at][3] == symbol, (symbol, self.tokens[self.at])
        self.at += 1

    def parse(self) -> Any:
        value = self.compare()
        assert self.peek() is None, self.tokens[self.at :]
        return value

    def compare(self) -> Any:
        left = self.additive()
        if self.peek() and self.peek()[3] == "=":  # type: ignore[index]
            self.take("=")
            return left == self.additive()
        return left

    def additive(self) -> Any:
        value = self.term()
        while self.peek() and self.peek()[3] == "+":  # type: ignore[index]
            self.take("+")
            right = self.term()
            value = (
                [a + b for a, b in zip(value, right, strict=True)]
                if isinstance(value, list)
                else number(value) + number(right)
            )
        return value

    def term(self) -> Any:
        value = self.atom()
        while self.peek() and self.peek()[3] == "/":  # type: ignore[index]
            self.take("/")
            value = number(value) / number(self.atom())
        return value

    def args(self) -> list[Any]:
        out = [self.compare()]
        while self.peek()[3] == ",":  # type: ignore[index]
            self.take(",")
            out.append(self.compare())
        self.take(")")
        return out

    def atom(self) -> Any:
        num, ref, func, symbol = self.tokens[self.at]
        self.at += 1
        if num is not None:
            return float(num)
        if ref is not None:
            return (
                [number(v) for v in self.sheet.cells(ref)] if ":" in ref else self.sheet.value(ref)
            )
        if symbol == '""':
            return ""
        if func is not None:
            if func == "IF":
                cond = self.compare()
                self.take(",")
                if cond:
                    value = self.compare()
                    self.take(",")
                    self.compare()
                else:
                    self.compare()
                    self.take(",")
                    value = self.compare()
                self.take(")")
                return value
            args = self.args()
            if func == "SUM":
                return sum(sum(a) if isinstance(a, list) else number(a) for a in args)
            if func == "N":
                return number(args[0])
            if func == "SUMPRODUCT":
                first, second = args
                return sum(a * b for a, b in zip(first, second, strict=True))
            raise AssertionError(func)
        if symbol == "(":
            value = self.compare()
            self.take(")")
            return value
        raise AssertionError(self.tokens[self.at - 1])
