"""Cell values as staff type them in Excel and WPS, read into typed values.

Each parser returns the value, or raises ``CellError`` with a message id saying what was
expected; the roster reader turns that into a finding with file, row, column and value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from electkit.core.findings import ParamValue, listing
from electkit.core.models import Gender, PartyStatus, date_in_words
from electkit.core.vocab import education_level, ethnic_group, post_name, post_names
from electkit.core.vocabulary import DISCIPLINE, ColumnTerm, EventKind, Vocabulary, fold
from electkit.io.tables import Cell


def _vocabulary(vocabulary: Vocabulary | None) -> Vocabulary:
    """The rule set's vocabulary, or the national default when a reader has no rule set."""
    if vocabulary is not None:
        return vocabulary
    from electkit.io.rules_loader import default_vocabulary

    return default_vocabulary()


class CellError(ValueError):
    """A cell that cannot be read; ``message_id`` names what was expected."""

    def __init__(self, message_id: str, **params: ParamValue) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params


# A spreadsheet number keeps 15 significant digits: from 10**15 on, the last digits typed are lost
EXACT_DIGITS_LIMIT = 10**15
_BLANK = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def clean(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII) with all spaces removed."""
    return _BLANK.sub("", unicodedata.normalize("NFKC", text))


def text_of(cell: Cell) -> str:
    """The cell as trimmed text ('' for empty); integral floats lose their '.0'."""
    if cell.__class__ is str:
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        if abs(cell) >= EXACT_DIGITS_LIMIT:  # as a spreadsheet shows it: 15 significant digits
            return format(Decimal(f"{cell:.15g}"), "f")
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    return str(cell).strip()


@lru_cache(maxsize=4096)
def parse_date_text(text: str) -> dt.date:
    """``1985.03``, ``1985.3``, ``1985-03``, ``1985年3月``, ``1985-03-12``, ``1985/3/12``, ``19850312``.

    A year and month give a ``MonthDate``: the 1st of the month, marked as having no day.
    """
    try:
        found = date_in_words(text)
    except ValueError:  # month 13, 30 February, a year outside 1900–2100
        raise CellError("cell.date") from None
    if found is None:
        raise CellError("cell.date")
    return found


def parse_date(cell: Cell) -> dt.date | None:
    """A date cell: real Excel dates, or text in the forms staff type; None when empty."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, bool):
        raise CellError("cell.date")
    if isinstance(cell, float) and not cell.is_integer():
        # A number cell turned "1985.03" into 1985.03 and "1985.10" into 1985.1, which could
        # be January or October: only x.1 is ambiguous (1985.3 cannot be month 30).
        text = repr(cell)
        if re.fullmatch(r"\d{4}\.1", text):
            raise CellError("cell.date_ambiguous")
        return parse_date_text(text)
    if isinstance(cell, int | float):
        return parse_date_text(str(int(cell)))
    return parse_date_text(str(cell))


_GENDERS = {
    "男": Gender.MALE,
    "女": Gender.FEMALE,
    "男性": Gender.MALE,
    "女性": Gender.FEMALE,
    "m": Gender.MALE,
    "f": Gender.FEMALE,
    "male": Gender.MALE,
    "female": Gender.FEMALE,
}


def parse_gender(cell: Cell) -> Gender | None:
    """男 / 女 (also 男性, M, female …)."""
    word = clean(text_of(cell)).lower()
    if not word:
        return None
    try:
        return _GENDERS[word]
    except KeyError:
        raise CellError("cell.gender") from None


_YES = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
# "/" and 无此情况 are how these forms write "none" (a dash is not: it may mean "not filled in")
_NO = {"否", "无", "没有", "无此情况", "/", "n", "no", "false", "0", "×"}


def parse_yes_no(cell: Cell) -> bool | None:
    """是 / 否; empty is None."""
    if isinstance(cell, bool):
        return cell
    word = clean(text_of(cell)).lower()
    if not word:
        return None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError("cell.yes_no")


_PARTY = {
    "中共党员": PartyStatus.FULL,
    "正式党员": PartyStatus.FULL,
    "党员": PartyStatus.FULL,
    "中国共产党党员": PartyStatus.FULL,
    "中共正式党员": PartyStatus.FULL,
    "中共预备党员": PartyStatus.PROBATIONARY,
    "预备党员": PartyStatus.PROBATIONARY,
    "中国共产党预备党员": PartyStatus.PROBATIONARY,
    "中共党员(预备)": PartyStatus.PROBATIONARY,  # （预备） after NFKC
    "中共党员(预备党员)": PartyStatus.PROBATIONARY,
    "群众": PartyStatus.NON_MEMBER,
    "共青团员": PartyStatus.NON_MEMBER,
    "团员": PartyStatus.NON_MEMBER,
    "民主党派": PartyStatus.NON_MEMBER,
    "无党派人士": PartyStatus.NON_MEMBER,
    "开除党籍": PartyStatus.NON_MEMBER,
}


def parse_party_status(cell: Cell) -> PartyStatus | None:
    """中共党员/正式党员 = full; 中共预备党员 = probationary; 群众, 共青团员 … = not a member."""
    word = clean(text_of(cell))
    if not word:
        return None
    try:
        return _PARTY[word]
    except KeyError:
        raise CellError("cell.party_status") from None


def parse_education(cell: Cell) -> tuple[int, str] | None:
    """The level on the ordered scale, and the word as written."""
    word = clean(text_of(cell))
    if not word:
        return None
    level = education_level(word)
    if level is None:
        raise CellError("cell.education")
    return level, text_of(cell)


def parse_ethnicity(cell: Cell) -> str | None:
    """One of the 56 groups (彝 and 彝族 both read as 彝族)."""
    word = clean(text_of(cell))
    if not word:
        return None
    group = ethnic_group(word)
    if group is None:
        raise CellError("cell.ethnicity")
    return group


# several categories in one cell: 领导干部、生产和工作一线
_CATEGORY_SPLIT = re.compile(r"[、,，;；/／]+")


def parse_category(cell: Cell, vocabulary: Vocabulary | None = None) -> tuple[str, ...] | None:
    """代表类别: one or more of the categories the rule set declares (领导干部、生产和工作一线)."""
    words = [w for w in _CATEGORY_SPLIT.split(clean(text_of(cell))) if w]
    if not words:
        return None
    vocab = _vocabulary(vocabulary)
    found = [vocab.category(w) for w in words]
    if any(f is None for f in found):
        raise CellError("cell.category", categories=listing(t.name for t in vocab.categories))
    return tuple(dict.fromkeys(f for f in found if f is not None))


_NONE_WORDS = frozenset({"无", "没有", "否", "/", "无此情况", "未受过", "未受处分"})


def _value_of(word: str, kind: EventKind) -> str | None:
    """The declared value a cell names (the longest spelling found in it), or None."""
    spellings = sorted(
        ((fold(s), v.name) for v in kind.values for s in v.spellings()),
        key=lambda pair: -len(pair[0]),
    )
    return next((name for spelling, name in spellings if spelling in word), None)


def parse_discipline(cell: Cell, vocabulary: Vocabulary | None = None) -> str | None:
    """党纪处分: one of the values the rule set declares for it (警告 … 留党察看, 开除党籍); free
    text around the value is allowed (2019年受警告处分)."""
    word = clean(text_of(cell))
    if not word or word in _NONE_WORDS:
        return None
    kind = _vocabulary(vocabulary).event(DISCIPLINE)
    value = _value_of(word, kind) if kind is not None else None
    if value is None:
        raise CellError("cell.discipline")
    return value


def parse_event(cell: Cell, kind: EventKind) -> str | None:
    """A dated event's cell (政务处分, 刑事处罚 …): one of the kind's declared values, or, for a
    kind without values, the entry as written; 无/否 and a blank are no event."""
    word = clean(text_of(cell))
    if not word or word in _NONE_WORDS:
        return None
    if not kind.values:
        return text_of(cell)
    value = _value_of(word, kind)
    if value is None:
        raise CellError("cell.event", kind=kind.name, values=listing(v.name for v in kind.values))
    return value


def parse_column_value(cell: Cell, term: ColumnTerm) -> str | None:
    """A value of one of the rule set's own columns (one of its declared values, if it has any)."""
    word = clean(text_of(cell))
    if not word:
        return None
    if term.values and word not in {fold(v) for v in term.values}:
        raise CellError("cell.column_value", values=listing(term.values))
    return next((v for v in term.values if fold(v) == word), word)


NO_RANK = -1  # 职级 written 无: below every level of the scale


def parse_rank(cell: Cell, vocabulary: Vocabulary | None = None) -> tuple[int, str] | None:
    """职级: its level on the rule set's rank scale, and the word as written."""
    word = clean(text_of(cell))
    if not word:
        return None
    if word in _NONE_WORDS:  # 无: known to hold no rank, below every level
        return NO_RANK, text_of(cell)
    vocab = _vocabulary(vocabulary)
    level = vocab.rank(word)
    if level is None:
        raise CellError("cell.rank", ranks=listing(t.name for t in vocab.ranks))
    return level, text_of(cell)


_YEARS = re.compile(r"([一二两12])\s*年")


def sanction_years(text: str) -> int | None:
    """The term of a 留党察看 written in the cell (留党察看一年 → 1, 留党察看二年/两年 → 2)."""
    found = _YEARS.search(clean(text))
    if found is None:
        return None
    return {"一": 1, "1": 1, "二": 2, "两": 2, "2": 2}[found.group(1)]


def parse_id_cell(cell: Cell) -> str | None:
    """An ID number as text; a number cell as a spreadsheet shows it (15 significant digits,
    so an 18-digit number ends in 000: the roster reader reports it as cut)."""
    if cell.__class__ is str and cell.isalnum() and cell.isascii():
        return cell.upper()  # the usual cell: nothing to trim, normalise or remove
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if isinstance(cell, float) and not cell.is_integer():
            raise CellError("cell.id_as_number")
        return text_of(float(cell) if abs(cell) >= EXACT_DIGITS_LIMIT else cell)
    word = clean(text_of(cell)).upper()
    return word or None


def parse_int(cell: Cell) -> int | None:
    """A whole number (连任届数)."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    word = clean(text_of(cell))
    if not word:
        return None
    if word.isdigit() and len(word.lstrip("0")) > 15:  # no count is that large; int() refuses
        raise CellError("cell.integer")  # more than 4,300 digits with a ValueError
    if word.isdigit():
        return int(word)
    if word in ("无", "否", "/"):  # not renominated before: no terms in the post
        return 0
    chinese = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
    word = word.removeprefix("第").removesuffix("届")
    if word in chinese:
        return chinese[word]
    if word.isdigit():
        return int(word)
    raise CellError("cell.integer")


def parse_post(
    cell: Cell,
    *,
    township: str | None = None,
    contest: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> str | None:
    """A 现任职务 in its canonical form (the main post of several), or the text as written if unknown.

    A post of another body (青山村党委书记, 县教育局党委书记) is not a township post: kept as written.
    ``township`` and ``contest`` as for ``post_names``.
    """
    word = text_of(cell)
    if not word:
        return None
    vocab = _vocabulary(vocabulary)
    return post_name(word, vocab, township=township, contest=contest) or clean(word)


class ProposedPosts(NamedTuple):
    """The posts a 拟任职务 cell names (canonical, highest first) and its parts that name none."""

    posts: tuple[str, ...]
    unknown: tuple[str, ...]


def parse_proposed_post(
    cell: Cell,
    *,
    township: str | None = None,
    contest: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> ProposedPosts | None:
    """A 拟任职务: one post or several (党委副书记、乡长); a cell naming no known post is refused,
    since the qualification and avoidance checks are keyed on it. ``township`` and ``contest``
    as for ``post_names`` (on a discipline slate, 书记 is the 纪委书记)."""
    word = text_of(cell)
    if not word:
        return None
    vocab = _vocabulary(vocabulary)
    posts, unknown = post_names(word, vocab, township=township, contest=contest)
    if not posts:
        raise CellError("cell.post", posts=listing(vocab.post_order))
    return ProposedPosts(posts, unknown)


# not on spaces: 白　八 (padded with a full-width space, as names often are) is one name
_LIST_SPLIT = re.compile(r"[、;,；，/／]+")
_PAREN = re.compile(r"[(（][^)）]*[)）]")


def parse_names(cell: Cell) -> tuple[str, ...]:
    """Names separated by 、 ; , ； ， /, as written (spaces inside a name are kept, and ignored
    when names are compared); a relation in brackets is dropped (张三(兄弟) → 张三)."""
    names = (n.strip() for n in _LIST_SPLIT.split(_PAREN.sub("", text_of(cell))))
    return tuple(n for n in names if clean(n))
