"""Rule kinds of committee and discipline slates (CS) and of candidates' qualifications (CQ)."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from pydantic import Field, model_validator

from electkit.core.errors import ValueProblem
from electkit.core.ratio import Share
from electkit.core.rulebase import Contest, Relaxed, _Params, _Rule

# --- committee and discipline slates (CS) ---------------------------------------------------


class CommitteeSeatsParams(_Params):
    contest: Contest = "committee"
    range: tuple[int, int] | None = None
    seats: int | None = Field(default=None, gt=0)
    exceptions: dict[str, int] = Field(default_factory=dict)
    villages_at_least: int | None = None
    seats_few: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _some_size(self) -> CommitteeSeatsParams:
        if self.range is None and self.seats is None:
            raise ValueProblem("val.range_or_seats")
        if (self.villages_at_least is None) != (self.seats_few is None):
            raise ValueProblem("val.villages_seats_few")
        return self


class CommitteeSeatsRule(_Rule):
    """Committee / discipline committee size: a range, a number, or a number by villages."""

    kind: Literal["committee_seats"]
    params: CommitteeSeatsParams


class OfficersParams(_Params):
    contest: Contest = "committee"
    require: dict[str, int] = Field(default_factory=dict)
    deputy_slots: dict[str, int] = Field(default_factory=dict)
    include: tuple[str, ...] = ()
    by_seats: dict[int, dict[str, int]] = Field(default_factory=dict)


class OfficersRule(_Rule):
    """The proposed posts on a slate: 1 书记, 2 副书记 (乡镇长 + 专职副书记) …"""

    kind: Literal["officers"]
    params: OfficersParams


class MembersIncludeParams(_Params):
    posts: tuple[str, ...]


class MembersIncludeRule(_Rule):
    """Posts the other members should cover (人大主席, 武装部长 …)."""

    kind: Literal["members_include"]
    params: MembersIncludeParams


class ExtraCandidatesParams(_Params):
    contest: Contest = "committee"
    ratio: Share = Fraction(1, 5)
    fixed: dict[int, int] = Field(default_factory=dict)
    above: Literal["allowed", "warning"] = "allowed"


class ExtraCandidatesRule(_Rule):
    """差额: candidates ≥ seats + ceil(ratio·seats), or a fixed extra by seats."""

    kind: Literal["extra_candidates"]
    params: ExtraCandidatesParams = ExtraCandidatesParams()

    def min_extra(self, seats: int) -> int:
        """The smallest number of extra candidates for ``seats`` seats."""
        if seats in self.params.fixed:
            return self.params.fixed[seats]
        return -((-self.params.ratio.numerator * seats) // self.params.ratio.denominator)


class StrokeOrderParams(_Params):
    blank_slot: bool = True


class StrokeOrderRule(_Rule):
    """Ballot lists in surname-stroke order (姓氏笔画)."""

    kind: Literal["stroke_order"]
    params: StrokeOrderParams = StrokeOrderParams()


class LeadershipPostsParams(_Params):
    base: int = Field(gt=0)
    large_population: int | None = None
    large: int | None = None
    relax_population: int | None = None
    relax_if_offices: bool = False
    very_large_extra: int = 0


class LeadershipPostsRule(_Rule):
    """领导职数 by population: ``base``; ``large`` above ``large_population``; relaxations."""

    kind: Literal["leadership_posts"]
    params: LeadershipPostsParams


class AgeBandParams(_Params):
    min_age: int = Field(default=30, ge=0, le=150)
    max_age: int = Field(default=40, ge=0, le=150)


class AgeBandMajorityRule(_Rule):
    """More than half of the team in an age band ("以35岁左右的干部为主体")."""

    kind: Literal["age_band_majority"]
    params: AgeBandParams = AgeBandParams()


class YoungMemberParams(_Params):
    max_age: int = Field(default=30, ge=0, le=150)
    scope: Literal["team", "slate"] = "team"


class YoungMemberRule(_Rule):
    """At least one young cadre (aged ≤ max_age)."""

    kind: Literal["young_member"]
    params: YoungMemberParams = YoungMemberParams()


class AgeRenominationParams(_Params):
    min_age: int = Field(default=50, ge=0, le=150)


class AgeRenominationRule(_Rule):
    """Candidates aged min_age or over are not renominated."""

    kind: Literal["age_renomination"]
    params: AgeRenominationParams = AgeRenominationParams()


class WomanMemberRule(_Rule):
    """At least one woman on the slate."""

    kind: Literal["woman_member"]


class MinorityMemberRule(_Rule):
    """In a minority area, at least one minority member in the team."""

    kind: Literal["minority_member"]


class PostsParams(_Params):
    posts: tuple[str, ...] = ("书记", "乡镇长", "纪委书记")


class NativeAvoidanceRule(_Rule):
    """书记/乡镇长/纪委书记 not serving in their native township."""

    kind: Literal["native_avoidance"]
    params: PostsParams = PostsParams()


class TenureParams(_Params):
    years: int = Field(default=6, ge=0)


class TenureExchangeRule(_Rule):
    """Same post in the same township for ≥ years → exchange."""

    kind: Literal["tenure_exchange"]
    params: TenureParams = TenureParams()


class NewHeadRule(_Rule):
    """A newly promoted 正职 should come from another township."""

    kind: Literal["new_head_elsewhere"]
    params: PostsParams = PostsParams(posts=("书记", "乡镇长"))


class TermsParams(_Params):
    terms: int = Field(default=2, ge=1)


class TermsExchangeRule(_Rule):
    """Two terms in one post → exchange."""

    kind: Literal["terms_exchange"]
    params: TermsParams = TermsParams()


class RelativesRule(_Rule):
    """Two relatives in one team: one must go."""

    kind: Literal["relatives"]


class ExchangeShareParams(_Params):
    max: Share = Fraction(1, 3)


class ExchangeShareRule(_Rule):
    """At most a share of the team arriving by exchange."""

    kind: Literal["exchange_share"]
    params: ExchangeShareParams = ExchangeShareParams()


class WorkYearsParams(_Params):
    years: dict[str, int]
    relaxed_for: tuple[Relaxed, ...] = ()


class WorkYearsRule(_Rule):
    """工龄 by proposed post."""

    kind: Literal["work_years"]
    params: WorkYearsParams


class PostBelowParams(_Params):
    years: dict[str, int]
    qualifying_posts: tuple[str, ...] = ()
    relaxed_for: tuple[Relaxed, ...] = ()


class PostBelowRule(_Rule):
    """Years in the post below (下一职位) by proposed post."""

    kind: Literal["post_below"]
    params: PostBelowParams


class EducationMinParams(_Params):
    posts: tuple[str, ...]
    level: str = "大专"
    relaxed_for: tuple[Relaxed, ...] = ()


class EducationMinRule(_Rule):
    """Education by proposed post (大专以上)."""

    kind: Literal["education_min"]
    params: EducationMinParams
