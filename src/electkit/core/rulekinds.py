"""The kinds of rule a rule set may hold: one model per check, discriminated by ``kind``.

A code (``DL-AGE40``) names one rule; its kind (``share``) names the check that evaluates it,
so a county may add a rule of an existing kind under a new code without code changes.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Field, model_validator

from electkit.core.errors import ValueProblem
from electkit.core.findings import Severity, Text
from electkit.core.ratio import Share
from electkit.core.rulebase import CODE_PATTERN, Contest, Quality, Relaxed, Source, _Params, _Rule
from electkit.core.slatekinds import (
    AgeBandMajorityRule,
    AgeRenominationRule,
    CommitteeSeatsRule,
    EducationMinRule,
    ExchangeShareRule,
    ExtraCandidatesRule,
    LeadershipPostsRule,
    MembersIncludeRule,
    MinorityMemberRule,
    NativeAvoidanceRule,
    NewHeadRule,
    OfficersRule,
    PostBelowRule,
    RelativesRule,
    StrokeOrderRule,
    TenureExchangeRule,
    TermsExchangeRule,
    WomanMemberRule,
    WorkYearsRule,
    YoungMemberRule,
)

__all__ = [
    "CODE_PATTERN",
    "AgeBandMajorityRule",
    "AgeRenominationRule",
    "AllocationRule",
    "BallotFaceRule",
    "BallotValidityRule",
    "CommitteeSeatsRule",
    "CongressRule",
    "Contest",
    "CountingRule",
    "DelegateCountRule",
    "DelegateTotalRule",
    "DuplicatesRule",
    "EducationMinRule",
    "ExchangeShareRule",
    "ExtraCandidatesRule",
    "FlagRule",
    "IdMatchRule",
    "IdNumberRule",
    "LeadershipPostsRule",
    "MemberShareRule",
    "MembersIncludeRule",
    "MinorityMemberRule",
    "NativeAvoidanceRule",
    "NewHeadRule",
    "OfficersRule",
    "OnRosterRule",
    "PartyStatusRule",
    "PostBelowRule",
    "Quality",
    "QuorumRule",
    "RecentSanctionRule",
    "RelativesRule",
    "Relaxed",
    "Rule",
    "SanctionRule",
    "ScrutineersRule",
    "ShareRule",
    "ShortfallRule",
    "Source",
    "StrokeOrderRule",
    "TenureExchangeRule",
    "TermsExchangeRule",
    "ThresholdRule",
    "UnitExtraRule",
    "WomanMemberRule",
    "WorkYearsRule",
    "YoungMemberRule",
]

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
            raise ValueProblem("val.one_target")
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
