"""The kinds of rule a rule set may hold: one model per check, discriminated by ``kind``.

A code (``DL-AGE40``) names one rule; its kind (``share``) names the check that evaluates it,
so a county may add a rule of an existing kind under a new code without code changes.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from electkit.core.findings import Severity, Text
from electkit.core.ratio import Share

CODE_PATTERN = r"^[A-Z]{2}-[A-Z0-9]+$"

Quality = Literal["verified", "reconstructed", "secondary", "practice", "inferred", "local"]
Contest = Literal["committee", "discipline"]
Relaxed = Literal["women", "minority"]


class Source(BaseModel):
    """Where a rule comes from: the quoted text, the clause, the document and how sure we are."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1, description="the quoted clause, exactly as in the source")
    ref: str = Field(
        min_length=1, description="article or section, e.g. 'art. 5' or '第2篇 三(一)1(3)④'"
    )
    doc: str = Field(min_length=1, description="key of the document in the rule set's `documents`")
    quality: Quality = Field(
        description="verified | reconstructed | secondary | practice | inferred | local"
    )


class _Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    severity: Severity
    title: Text
    source: Source
    note: Text | None = None


# --- eligibility of each person (EL, CQ-SANCTION) -------------------------------------------


class PartyStatusRule(_Rule):
    """Only full members (正式党员) may vote, stand, or be delegates and candidates."""

    kind: Literal["party_status"]


class SanctionParams(_Params):
    sanctions: tuple[str, ...] = ("留党察看",)


class SanctionRule(_Rule):
    """A running sanction that removes the rights (留党察看)."""

    kind: Literal["sanction"]
    params: SanctionParams = SanctionParams()


class FlagParams(_Params):
    field: Literal["suspended", "under_investigation", "family_planning_violation"]
    scope: Literal["everyone", "candidates"] = "everyone"


class FlagRule(_Rule):
    """A yes/no column that excludes the person (留置逮捕, 立案审查, 违反计划生育)."""

    kind: Literal["flag"]
    params: FlagParams


class IdNumberParams(_Params):
    old_15_severity: Severity = Severity.WARNING


class IdNumberRule(_Rule):
    """GB 11643 ID numbers: length, digits, birth date, MOD 11-2 check digit."""

    kind: Literal["id_number"]
    params: IdNumberParams = IdNumberParams()


class IdMatchRule(_Rule):
    """Birth date and gender encoded in the ID number agree with the declared ones."""

    kind: Literal["id_match"]


class DuplicatesParams(_Params):
    name_birth_severity: Severity = Severity.WARNING


class DuplicatesRule(_Rule):
    """The same ID number twice (error); the same name and birth date twice (warning)."""

    kind: Literal["duplicates"]
    params: DuplicatesParams = DuplicatesParams()


class OnRosterRule(_Rule):
    """A candidate checked against a roster (``--roster``) must be on it."""

    kind: Literal["on_roster"]


class RecentSanctionParams(_Params):
    months: int = Field(default=12, gt=0)
    sanctions: tuple[str, ...] = ("警告", "严重警告")


class RecentSanctionRule(_Rule):
    """A committee candidate with a recent 警告/严重警告."""

    kind: Literal["recent_sanction"]
    params: RecentSanctionParams = RecentSanctionParams()


# --- the delegate list (DL) -----------------------------------------------------------------


class CongressParams(_Params):
    min_members: int = Field(default=500, gt=0)


class CongressRule(_Rule):
    """A 党员代表大会 needs 500 members or dispersed organisations."""

    kind: Literal["congress"]
    params: CongressParams = CongressParams()


class DelegateTotalParams(_Params):
    usual_min: int = Field(gt=0)
    usual_max: int = Field(gt=0)
    max: int = Field(gt=0)
    usual_severity: Severity = Severity.WARNING


class DelegateTotalRule(_Rule):
    """The approved delegate total: ``severity`` above ``max``, ``usual_severity`` outside the usual range."""

    kind: Literal["delegate_total"]
    params: DelegateTotalParams


class DelegateCountParams(_Params):
    under_severity: Severity = Severity.WARNING


class DelegateCountRule(_Rule):
    """Delegates on the list against the approved total: more is ``severity``, fewer ``under_severity``."""

    kind: Literal["delegate_count"]
    params: DelegateCountParams = DelegateCountParams()


class AllocationParams(_Params):
    quota_severity: Severity = Severity.WARNING
    exclude_leader_seats: bool = False


class AllocationRule(_Rule):
    """Unit seats sum to the total (``severity``) and lie within one seat of the exact quota."""

    kind: Literal["allocation"]
    params: AllocationParams = AllocationParams()


class UnitExtraParams(_Params):
    ratio: Share = Fraction(1, 5)
    strict: bool = False


class UnitExtraRule(_Rule):
    """Delegate candidates per unit ≥ seats + ceil(ratio·seats) (strict: more than ratio)."""

    kind: Literal["unit_extra"]
    params: UnitExtraParams = UnitExtraParams()


class Group(_Params):
    """Who a share counts: every condition given must hold."""

    label: Text
    category: str | None = None
    age_max: int | None = Field(default=None, ge=0, le=150)
    age_min: int | None = Field(default=None, ge=0, le=150)
    education_min: str | None = None
    gender: Literal["男", "女"] | None = None
    minority: bool | None = None


class ShareParams(_Params):
    group: Group
    at_least: Share | None = None
    around: Share | None = None
    tolerance: Share = Fraction(1, 20)

    @model_validator(mode="after")
    def _one_target(self) -> ShareParams:
        if (self.at_least is None) == (self.around is None):
            raise ValueError("give exactly one of at_least or around")
        return self


class ShareRule(_Rule):
    """A share of the list: at least r, or r ± tolerance ("左右")."""

    kind: Literal["share"]
    params: ShareParams


class MemberShareParams(_Params):
    group: Literal["women", "minority"]


class MemberShareRule(_Rule):
    """Women / minority delegates not below their share of the township's party members."""

    kind: Literal["member_share"]
    params: MemberShareParams


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
            raise ValueError("give range or seats")
        if (self.villages_at_least is None) != (self.seats_few is None):
            raise ValueError("villages_at_least and seats_few go together")
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


# --- counting (TL) --------------------------------------------------------------------------


class QuorumParams(_Params):
    mode: Literal["more_than", "at_least"] = "more_than"
    ratio: Share = Fraction(4, 5)


class QuorumRule(_Rule):
    """Voters present against those entitled: more than (or at least) 4/5."""

    kind: Literal["quorum"]
    params: QuorumParams = QuorumParams()


class ThresholdParams(_Params):
    basis: Literal["entitled", "present"]


class ThresholdRule(_Rule):
    """Elected only with agree·2 > basis (应到会 or 实到会)."""

    kind: Literal["threshold"]
    params: ThresholdParams


class BallotValidityParams(_Params):
    write_in_needs_mark: bool = False


class BallotValidityRule(_Rule):
    """A ballot agreeing with more people than seats is invalid."""

    kind: Literal["ballot_validity"]
    params: BallotValidityParams = BallotValidityParams()


class BallotFaceParams(_Params):
    numbered: bool = False
    write_in_rows: int | None = Field(default=None, ge=0, description="default: as many as seats")


class BallotFaceRule(_Rule):
    """What may be printed on a ballot: numbers only where the rule set allows them."""

    kind: Literal["ballot_face"]
    params: BallotFaceParams = BallotFaceParams()


class ShortfallParams(_Params):
    reduce_needs_consent: bool = True


class ShortfallRule(_Rule):
    """Too few pass: another round, or reduce the seats."""

    kind: Literal["shortfall"]
    params: ShortfallParams = ShortfallParams()


class CountingRule(_Rule):
    """A counting rule without parameters (returned ballots, choices, ranking, ties)."""

    kind: Literal["counting"]


class ScrutineersRule(_Rule):
    """No scrutineer may be a candidate in the contest."""

    kind: Literal["scrutineers"]


Rule = Annotated[
    PartyStatusRule
    | SanctionRule
    | FlagRule
    | IdNumberRule
    | IdMatchRule
    | DuplicatesRule
    | OnRosterRule
    | RecentSanctionRule
    | CongressRule
    | DelegateTotalRule
    | DelegateCountRule
    | AllocationRule
    | UnitExtraRule
    | ShareRule
    | MemberShareRule
    | CommitteeSeatsRule
    | OfficersRule
    | MembersIncludeRule
    | ExtraCandidatesRule
    | StrokeOrderRule
    | LeadershipPostsRule
    | AgeBandMajorityRule
    | YoungMemberRule
    | AgeRenominationRule
    | WomanMemberRule
    | MinorityMemberRule
    | NativeAvoidanceRule
    | TenureExchangeRule
    | NewHeadRule
    | TermsExchangeRule
    | RelativesRule
    | ExchangeShareRule
    | WorkYearsRule
    | PostBelowRule
    | EducationMinRule
    | QuorumRule
    | ThresholdRule
    | BallotValidityRule
    | BallotFaceRule
    | ShortfallRule
    | CountingRule
    | ScrutineersRule,
    Field(discriminator="kind"),
]
