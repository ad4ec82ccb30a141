"""What each kind of counting-book entry must hold (pure): its data's fields and their types.

``book verify`` checks every entry against these shapes, so that a forged field that the
counting code never reads (an extra key, a ballot number that does not match its column, a
negative returned number) is found too, not only the fields a count uses.
"""

from __future__ import annotations

from typing import Any

from electkit.core.book import Entry, ballot_key

VIA = ("enter", "import")
COUNT_FIELDS = frozenset(
    {
        "official",
        "single_entry",
        "clerks",
        "upto",
        "ballots",
        "status",
        "elected",
        "result",
        "electkit",
    }
)
FIELDS: dict[str, frozenset[str]] = {
    "book": frozenset({"schema", "electkit", "created"}),
    "contest": frozenset({"file", "sha256", "yaml", "contest", "rules", "ruleset"}),
    "ballot": frozenset({"number", "marks", "write_ins", "void", "corrects", "via"}),
    "withdraw": frozenset({"number", "corrects", "via"}),
    "returned": frozenset({"returned"}),
    "count": COUNT_FIELDS,
}
CLERKED = frozenset({"ballot", "withdraw"})


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def shape_problem(entry: Entry) -> str | None:
    """The message id of what is wrong with an entry's fields, or None when its shape is right."""
    wanted = FIELDS.get(entry.kind)
    if wanted is None:
        return None  # an unknown kind is reported as such
    data = entry.data
    if set(data) != wanted:
        return "book.verify.fields"
    if not isinstance(entry.at, str) or not entry.at:
        return "book.verify.fields"
    clerked = entry.kind in CLERKED
    if clerked != (isinstance(entry.clerk, str) and bool(entry.clerk)):
        return "book.verify.fields"
    if clerked != isinstance(entry.ballot, str):
        return "book.verify.fields"
    if (entry.kind == "book") != (entry.contest is None):
        return "book.verify.fields"
    if entry.kind != "book" and not isinstance(entry.contest, str):
        return "book.verify.fields"
    check = _CHECKS.get(entry.kind)
    return None if check is None or check(entry, data) else "book.verify.fields"


def _ballot(entry: Entry, data: dict[str, Any]) -> bool:
    number = data["number"]
    if not isinstance(number, str) or ballot_key(number)[1] != entry.ballot:
        return False
    if data["via"] not in VIA or not (data["corrects"] is None or _whole(data["corrects"])):
        return False
    if entry.kind == "withdraw":
        return _whole(data["corrects"])
    written = data["write_ins"]
    return (
        isinstance(data["marks"], str)
        and isinstance(written, list)
        and all(isinstance(w, str) for w in written)
        and (data["void"] is None or isinstance(data["void"], str))
    )


def _returned(_entry: Entry, data: dict[str, Any]) -> bool:
    return _whole(data["returned"]) and data["returned"] >= 0


def _count(_entry: Entry, data: dict[str, Any]) -> bool:
    return (
        data["official"] is True
        and isinstance(data["single_entry"], bool)
        and isinstance(data["clerks"], list)
        and _whole(data["upto"])
        and isinstance(data["electkit"], str)
    )


def _book(_entry: Entry, data: dict[str, Any]) -> bool:
    return _whole(data["schema"]) and isinstance(data["created"], str)


_CHECKS = {
    "book": _book,
    "ballot": _ballot,
    "withdraw": _ballot,
    "returned": _returned,
    "count": _count,
}
