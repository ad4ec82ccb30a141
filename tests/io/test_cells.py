import datetime as dt

import pytest

from electkit.core.models import Gender, MonthDate, PartyStatus
from electkit.core.vocab import ETHNIC_GROUPS, education_level
from electkit.io import cells


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1985.03", dt.date(1985, 3, 1)),
        ("1985.3", dt.date(1985, 3, 1)),
        ("1985-03", dt.date(1985, 3, 1)),
        ("1985年3月", dt.date(1985, 3, 1)),
        ("1985年3月12日", dt.date(1985, 3, 12)),
        ("1985-03-12", dt.date(1985, 3, 12)),
        ("1985/3/12", dt.date(1985, 3, 12)),
        ("19850312", dt.date(1985, 3, 12)),
        ("198503", dt.date(1985, 3, 1)),
        ("１９８５．０３", dt.date(1985, 3, 1)),  # full-width, as typed with a Chinese IME
        (" 1985.10 ", dt.date(1985, 10, 1)),
        (dt.datetime(1985, 3, 12, 0, 0), dt.date(1985, 3, 12)),  # a real Excel date cell
        (dt.date(1985, 3, 12), dt.date(1985, 3, 12)),
        (1985.03, dt.date(1985, 3, 1)),  # Excel turned the text into a number
        (1985.12, dt.date(1985, 12, 1)),
        (19850312.0, dt.date(1985, 3, 12)),
        ("", None),
        (None, None),
    ],
)
def test_dates_as_staff_type_them(cell: cells.Cell, expected: dt.date | None) -> None:
    assert cells.parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "month_only"),
    [
        ("1985.03", True),
        ("1985年3月", True),
        ("198503", True),
        (1985.03, True),
        ("1985-03-01", False),
        ("19850301", False),
        (dt.date(1985, 3, 1), False),
    ],
)
def test_a_month_without_a_day_is_marked(cell: cells.Cell, month_only: bool) -> None:
    assert isinstance(cells.parse_date(cell), MonthDate) is month_only


@pytest.mark.parametrize(
    "cell", ["1985.13", "85.03", "1985", "三月", "1985-02-30", True, "1899.01"]
)
def test_bad_dates(cell: cells.Cell) -> None:
    with pytest.raises(cells.CellError) as caught:
        cells.parse_date(cell)
    assert caught.value.message_id == "cell.date"


def test_a_number_cell_x_1_is_never_guessed_but_other_months_are_plain() -> None:
    with pytest.raises(cells.CellError) as caught:
        cells.parse_date(1985.1)  # typed 1985.1 (January) or 1985.10 (October)?
    assert caught.value.message_id == "cell.date_ambiguous"
    # 1964.3 cannot be month 30: it is March (issue 15)
    assert cells.parse_date(1964.3) == MonthDate(1964, 3, 1)
    assert cells.parse_date(1964.12) == MonthDate(1964, 12, 1)


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("小学", 1),
        ("初中", 2),
        ("高中", 3),
        ("中专", 3),
        ("职高", 3),
        ("技校", 3),
        ("大专", 4),
        ("大学专科", 4),
        ("本科", 5),
        ("大学本科", 5),
        ("大学", 5),
        ("研究生", 6),
        ("硕士", 6),
        ("博士", 7),
        ("省委党校大专", 4),
        ("函授本科", 5),
        ("在职研究生", 6),
        ("高中肄业", 2),
        ("大专学历", 4),
        ("文盲", 0),
        # a qualifier in brackets, or 全日制/脱产 before the level
        ("本科（在职）", 5),
        ("大专(函授)", 4),
        ("全日制本科", 5),
        ("大专(肄业)", 3),
    ],
)
def test_education_scale(word: str, level: int) -> None:
    assert education_level(word) == level


def test_unknown_education() -> None:
    with pytest.raises(cells.CellError):
        cells.parse_education("幼儿园")


def test_values() -> None:
    assert cells.parse_gender("女") is Gender.FEMALE
    assert cells.parse_gender(" 男 ") is Gender.MALE
    assert cells.parse_party_status("中共预备党员") is PartyStatus.PROBATIONARY
    assert cells.parse_party_status("正式党员") is PartyStatus.FULL
    assert cells.parse_party_status("群众") is PartyStatus.NON_MEMBER
    assert cells.parse_party_status("中共党员（预备）") is PartyStatus.PROBATIONARY
    assert cells.parse_yes_no("是") is True and cells.parse_yes_no("否") is False
    assert cells.parse_yes_no("") is None
    assert cells.parse_ethnicity("彝") == "彝族" and cells.parse_ethnicity("汉族") == "汉族"
    assert cells.parse_category("专技人员") == ("专业技术人员",)
    assert cells.parse_category("领导干部、一线") == ("领导干部", "生产和工作一线")
    assert cells.parse_discipline("留党察看一年") == "留党察看"
    assert cells.parse_discipline("无") is None
    assert cells.parse_id_cell("11010519491231002x") == "11010519491231002X"
    assert cells.parse_names("张三、李四(兄弟)；王五") == ("张三", "李四", "王五")
    assert cells.parse_names("白　八, 王 芳／李四") == ("白　八", "王 芳", "李四")
    assert cells.parse_post("副书记（乡镇长）") == "乡镇长"
    assert cells.parse_int("第二届") == 2


def test_id_number_stored_as_number_reads_as_a_spreadsheet_shows_it() -> None:
    # 15 significant digits: an 18-digit ID ends in 000 (the roster reports it as cut)
    assert cells.parse_id_cell(530325195111233844) == "530325195111234000"
    assert cells.parse_id_cell(5.30325195111233844e17) == "530325195111234000"
    assert cells.text_of(5.30325195111233844e17) == "530325195111234000"
    # an old 15-digit number is held exactly, as in a CSV
    assert cells.parse_id_cell(110105491231002.0) == "110105491231002"
    with pytest.raises(cells.CellError) as caught:
        cells.parse_id_cell(1101054912.5)
    assert caught.value.message_id == "cell.id_as_number"


def test_fifty_six_groups() -> None:
    assert len(ETHNIC_GROUPS) == 56 == len(set(ETHNIC_GROUPS))
    for bad in ("穿青人", "汉人", "x"):
        with pytest.raises(cells.CellError):
            cells.parse_ethnicity(bad)


@pytest.mark.parametrize(
    ("written", "posts"),
    [
        ("乡党委书记", ("书记",)),
        ("镇党委书记", ("书记",)),
        ("乡镇党委书记", ("书记",)),
        ("中共青山乡委员会书记", ("书记",)),
        ("书记人选", ("书记",)),
        ("党委书记候选人", ("书记",)),
        ("拟任书记", ("书记",)),
        ("党委副书记、乡长", ("乡镇长",)),
        ("党委副书记(乡长)", ("乡镇长",)),
        ("党委副书记（乡长）", ("乡镇长",)),
        ("镇党委副书记，镇长", ("乡镇长",)),
        ("党委副书记　乡长", ("乡镇长",)),
        ("党委副书记乡长", ("乡镇长",)),
        ("乡长候选人", ("乡镇长",)),
        ("青山乡人民政府乡长", ("乡镇长",)),
        ("乡党委专职副书记", ("专职副书记",)),
        ("党委委员、组织委员", ("组织委员",)),
        ("党委委员、纪委书记", ("纪委书记",)),
        ("中共青山乡纪律检查委员会书记", ("纪委书记",)),
        ("纪委书记提名人选", ("纪委书记",)),
        ("乡人大主席团主席", ("人大主席",)),
        ("党委书记兼人大主席", ("书记", "人大主席")),
        ("党委书记、乡人大主席团主席", ("书记", "人大主席")),
        ("副书记(兼纪委书记)", ("副书记", "纪委书记")),
        ("纪委兼职委员", ("兼职委员",)),
        ("常务副乡长", ("副乡镇长",)),
        ("党委委员、人武部部长", ("武装部长",)),
        ("书记(连任)", ("书记",)),  # a remark in brackets
        ("党委副书记（专职）", ("专职副书记",)),
        ("副书记(专职)", ("专职副书记",)),
        ("纪委副书记（专职）", ("纪委副书记",)),
        ("代乡长", ("乡镇长",)),
        ("代镇长", ("乡镇长",)),
        ("党委副书记、代乡长", ("乡镇长",)),
        ("人大副主席", ("人大副主席",)),
        ("乡人大主席团副主席", ("人大副主席",)),
        ("组织宣传委员", ("组织委员", "宣传委员")),
        ("党委委员、组织宣传委员", ("组织委员", "宣传委员")),
        ("纪检书记", ("纪委书记",)),
        ("武装部副部长", ("武装部副部长",)),
        ("书记兼任人大主席", ("书记", "人大主席")),
    ],
)
def test_proposed_post_spellings(written: str, posts: tuple[str, ...]) -> None:
    assert cells.parse_proposed_post(written) == cells.ProposedPosts(posts, ())
    assert cells.parse_post(written) == posts[0]


def test_proposed_post_unknown() -> None:
    for written in ("乡长助理", "站长", "书纪"):
        with pytest.raises(cells.CellError) as caught:
            cells.parse_proposed_post(written)
        assert caught.value.message_id == "cell.post"
    partly = cells.parse_proposed_post("党委委员、派出所所长")
    assert partly == cells.ProposedPosts(("委员",), ("派出所所长",))
    assert cells.parse_proposed_post("") is None
    # a 现任职务 may be any job: kept as written
    assert cells.parse_post("青山乡农科站 站长") == "青山乡农科站站长"


OTHER_BODIES = (
    "青山村党委书记",
    "县教育局党委书记",
    "某煤矿党委书记",
    "县委党校党委书记",
    "某公司党委书记",
    "青山乡中心学校党委书记",
    "中共富源县委员会书记",
    "青山村 党委书记",
)


@pytest.mark.parametrize("written", OTHER_BODIES)
def test_post_of_another_body_is_not_a_township_post(written: str) -> None:
    """A village's or a bureau's 党委书记 is not the township 书记: kept as written."""
    assert cells.parse_post(written) == cells.clean(written)
    assert cells.parse_post(written, township="青山乡") == cells.clean(written)
    with pytest.raises(cells.CellError):
        cells.parse_proposed_post(written, township="青山乡")


@pytest.mark.parametrize(
    ("written", "township", "post"),
    [
        ("青山乡党委书记", None, "书记"),
        ("中共青山镇委员会副书记", None, "副书记"),
        ("富源县青山乡人民政府乡长", None, "乡镇长"),
        ("乡镇党委书记", None, "书记"),
        # the township's name without 乡: only when the township is known
        ("青山党委书记", "青山乡", "书记"),
        ("青山党委书记", None, "青山党委书记"),
        # a township named other than 乡/镇 (a 街道), known from the election
        ("东城街道党委书记", "东城街道", "书记"),
        # another township's secretary is a township secretary (moved here in an exchange)
        ("大河镇党委书记", "青山乡", "书记"),
        # real towns whose names hold 厂, 村, 所, 院 (Fuyuan's 老厂镇, 富村镇, 后所镇 …)
        ("老厂镇党委书记", "青山乡", "书记"),
        ("富村镇镇长", "青山乡", "乡镇长"),
        ("后所镇党委书记", "青山乡", "书记"),
        ("苏家院镇党委书记", "青山乡", "书记"),
        ("富源县老厂镇党委书记", "青山乡", "书记"),
    ],
)
def test_township_prefix(written: str, township: str | None, post: str) -> None:
    assert cells.parse_post(written, township=township) == post


@pytest.mark.parametrize(
    ("written", "post"),
    [
        ("书记", "纪委书记"),
        ("副书记", "纪委副书记"),
        ("委员", "纪委委员"),
        ("书记人选", "纪委书记"),
        ("委员（专职）", "专职委员"),
        ("委员(兼职)", "兼职委员"),
        ("副书记（专职）", "纪委副书记"),
        ("纪委书记", "纪委书记"),
        ("专职委员", "专职委员"),
        ("专职纪委委员", "专职委员"),
        ("兼职纪委委员", "兼职委员"),
        ("纪检委员", "纪委委员"),
        # named as the Party committee's: not the 纪委's
        ("党委书记", "书记"),
        ("中共青山乡委员会副书记", "副书记"),
    ],
)
def test_plain_posts_on_a_discipline_slate(written: str, post: str) -> None:
    """On a --contest discipline slate, 书记, 副书记 and 委员 are the 纪委's."""
    assert cells.parse_proposed_post(written, contest="discipline") == cells.ProposedPosts(
        (post,), ()
    )
    assert cells.parse_post(written, contest="discipline") == post
