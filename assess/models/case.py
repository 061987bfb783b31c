"""The case model: mediator, conflict and parties, sources, graded evidence, assessor ratings."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Discriminator, Field, Tag, WithJsonSchema, field_validator, model_validator

from assess.models.base import EventDate, Id, NonBlank, Strict
from assess.models.rubric import EvidenceKind, Reliability


def _names_to_objects(value: object) -> object:
    """Allow `assessors: [Jane Doe]` as shorthand for `[{name: Jane Doe}]`."""
    if isinstance(value, list):
        return [{"name": v} if isinstance(v, str) else v for v in value]
    return value


class Assessor(Strict):
    """A person who coded the case."""

    name: NonBlank = Field(description="The assessor's name.")
    id: Id | None = Field(None, description="Short id used in ratings' `assessor:` (for several assessors).")
    affiliation: str | None = Field(None, description="Institution, if any.")


class Meta(Strict):
    """About the assessment itself."""

    id: Id
    title: NonBlank = Field(description="Title of the assessment.")
    assessors: Annotated[
        list[Assessor], BeforeValidator(_names_to_objects, json_schema_input_type=Annotated[list[str | Assessor], Field(min_length=1)])
    ] = Field(
        min_length=1, description="Who coded the case: names, or mappings with name/id/affiliation."
    )
    assessed: date = Field(description="Date the assessment was made (YYYY-MM-DD); not the date of events.")
    rubric: NonBlank = Field(
        "un_guidance",
        description="Rubric id (e.g. `un_guidance`) or a path to a rubric YAML file, relative to this case file.",
    )
    period: EventDate | None = Field(None, description="The period the assessment covers, e.g. `1990/2020`.")
    language: str = Field("en", description="Language of the case's text (BCP 47 code, e.g. `en`).")
    description: str | None = Field(None, description="What the case is about, in Markdown.")
    fictional: bool = Field(False, description="True for a made-up teaching case; reports label it clearly.")


class Role(Strict):
    """A role the mediator held, with when."""

    role: NonBlank = Field(description="The role, e.g. `OSCE Minsk Group co-chair`.")
    period: EventDate | None = Field(None, description="When it held the role, e.g. `1994/2020`.")
    mediating: bool = Field(
        True,
        description=(
            "False for a role in which it was not a third-party mediator (e.g. the Soviet centre before 1991): "
            "evidence dated only within such roles is background, shown but not scored."
        ),
    )
    note: str | None = Field(None, description="Anything worth knowing about the role.")


MediatorKind = Literal["state", "intergovernmental", "sovereign_entity", "ngo", "individual"]


class Mediator(Strict):
    """The mediator being assessed."""

    name: NonBlank = Field(description="The mediator's name, e.g. `Russia` or `Norway`.")
    kind: MediatorKind = Field(
        description=(
            "`state`, `intergovernmental` (organisation), `sovereign_entity` (a sovereign subject of international "
            "law that is not a state, such as the Holy See or the Sovereign Order of Malta), `ngo` or `individual`."
        )
    )
    roles: list[Role] = Field(default_factory=list, description="Roles over time.")


class Party(Strict):
    """A party to the conflict."""

    id: Id
    name: NonBlank = Field(description="The party's name.")
    kind: str | None = Field(None, description="E.g. `state`, `de facto authority`, `armed group`.")
    aliases: list[str] = Field(
        default_factory=list, description="Other names in texts (e.g. `Baku`, `Azerbaijani`); used by `draft`."
    )


class Actor(Strict):
    """Another actor relevant to the conflict but not a party (co-mediators, patrons, organisations)."""

    id: Id | None = None
    name: NonBlank = Field(description="The actor's name.")
    role: str | None = Field(None, description="Its role, e.g. `co-mediator`.")


class Conflict(Strict):
    """The conflict being mediated."""

    name: NonBlank = Field(description="Name of the conflict.")
    period: EventDate | None = Field(None, description="When the conflict ran, e.g. `1988/2023`.")
    parties: list[Party] = Field(min_length=2, description="The conflict parties (at least two).")
    actors: list[Actor] = Field(default_factory=list, description="Other relevant actors.")


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _language_code(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError(f"a language is written as a BCP 47 code such as en, fr, ru or pt-BR, not '{value}'")
    return value


Language = Annotated[
    str,
    AfterValidator(_language_code),
    # The schema keeps the pattern, for editors; the validator gives the message in words.
    WithJsonSchema({"type": "string", "pattern": _LANGUAGE.pattern}),
    Field(description="A language as a BCP 47 code: `en`, `ru`, `hy`, `az`, `fr`, `pt-BR`."),
]

SHA256_PATTERN = r"^[0-9a-f]{64}$"
# A calendar day. Named apart from `date` because Source has a field called `date`, which would shadow the type.
Day = date


class SourceText(Strict):
    """One local copy of a source's text (the whole work or the excerpt read), with where and when it was taken."""

    path: NonBlank = Field(description="The plain-text file, relative to the case file, e.g. `sources/essay.txt`.")
    sha256: str | None = Field(
        None, pattern=SHA256_PATTERN, description="SHA-256 of the file, so a changed copy is noticed."
    )
    url: str | None = Field(
        None, description="Where this copy was taken from, when not the source's own `url` (e.g. a mirror, an archive)."
    )
    retrieved: Day | None = Field(None, description="When the copy was taken (YYYY-MM-DD).")
    excerpt: bool = Field(False, description="True when the copy holds only part of the source (the passages read).")
    language: Language | None = Field(
        None, description="The copy's language when it is not the source's (e.g. a translation)."
    )
    note: str | None = Field(None, description="Anything a reader should know about this copy.")


SOURCE_KINDS = (
    "essay", "academic", "book", "official_document", "treaty", "statement", "news", "report", "web", "other"
)


class Source(Strict):
    """A source of evidence, with an Admiralty-code reliability grade."""

    id: Id
    kind: Literal[
        "essay", "academic", "book", "official_document", "treaty", "statement", "news", "report", "web", "other"
    ] = Field(description="What sort of source it is.")
    title: NonBlank = Field(description="Title of the source.")
    authors: list[str] = Field(
        default_factory=list, description="Authors, persons or institutions (`United Nations`), as written."
    )
    year: int | None = Field(None, description="Year of publication.")
    date: EventDate | None = Field(None, description="Date of publication if more precise than the year.")
    container: str | None = Field(None, description="Journal, book or site it appeared in.")
    publisher: str | None = Field(None, description="Publisher or issuing body.")
    url: str | None = Field(None, description="Link (http, https, mailto or doi only).")
    doi: str | None = Field(None, description="DOI, e.g. `10.1177/0022343307075124`.")
    reliability: Reliability = Field(
        description=(
            "Source reliability (Admiralty code): A completely reliable, B usually reliable, C fairly reliable, "
            "D not usually reliable, E unreliable, F cannot be judged."
        )
    )
    reliability_note: str | None = Field(None, description="Why this grade.")
    text: str | None = Field(
        None, description="Local plain-text copy of the source (path relative to the case file), for quote checks."
    )
    sha256: str | None = Field(
        None, pattern=SHA256_PATTERN, description="SHA-256 of `text`, so a changed copy is noticed."
    )
    retrieved: Day | None = Field(None, description="When the `text` copy was taken (YYYY-MM-DD).")
    excerpt: bool = Field(False, description="True when the `text` copy holds only part of the source.")
    texts: list[SourceText] = Field(
        default_factory=list,
        description=(
            "Further local copies (or instead of `text`): `{path, sha256, url, retrieved, excerpt, language}` each; "
            "a quote is verified when it is in any of them."
        ),
    )
    language: Language | None = Field(
        None, description="The source's language, when not the case's `meta.language` (BCP 47, e.g. `ru`)."
    )
    locator: str | None = Field(None, description="Where in a larger work, e.g. `footnote [3]`, `p. 12`.")
    via: Id | None = Field(
        None,
        description=(
            "Id of another source through which this one was read (e.g. a treaty known only from an encyclopaedia "
            "entry about it): the information is graded no better than that source's reliability."
        ),
    )
    aligned_with: Id | None = Field(
        None,
        description=(
            "Id of the party whose side this source comes from (e.g. a party's government or its press), when it "
            "does: reports warn when most of the headline's evidence weight rests on one side's sources."
        ),
    )
    unresolved: bool = Field(
        False, description="True when the reference is known only by a marker (e.g. a footnote whose text is absent)."
    )
    note: str | None = Field(None, description="Anything a reader should know about the source.")

    @model_validator(mode="after")
    def _copy_fields_need_text(self) -> Source:
        # (`sha256` alone was always accepted, so it still is: existing case files keep validating.)
        stray = ["retrieved"] * (self.retrieved is not None) + ["excerpt"] * self.excerpt
        if stray and self.text is None:
            raise ValueError(f"`{stray[0]}` describes the local `text` copy, but the source has no `text`: add it, "
                             "or put the copy under `texts:`")
        return self

    def local_texts(self) -> list[SourceText]:
        """Every local copy: the `text` shorthand (with `sha256`, `retrieved`, `excerpt`) first, then `texts`."""
        return local_texts(self)


def local_texts(source: Source | Any) -> list[SourceText]:
    """A source's local copies; also for a source salvaged from an invalid case (a namespace of its valid fields),
    so that the copies of a case with field errors are still checked in the same run."""
    texts = list(getattr(source, "texts", None) or [])
    if getattr(source, "text", None) is None:
        return texts
    # Built without validation: every value was validated on the source itself.
    first = SourceText.model_construct(path=source.text, sha256=source.sha256, retrieved=source.retrieved,
                                       excerpt=bool(source.excerpt))
    return [first, *texts]


class SourceRef(Strict):
    """A citation of one source by an evidence item."""

    id: str = Field(description="The source's id (or a key of the bibliography file).")
    locator: str | None = Field(None, description="Where in the source: page, paragraph, footnote marker.")


def _source_shorthand(value: object) -> object:
    """`source: essay`, `source: {id: essay, locator: p. 3}`, `source: [essay, un2012]` and lists of mappings work."""
    if isinstance(value, str):
        return [{"id": value}]
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [{"id": v} if isinstance(v, str) else v for v in value]
    return value


SignedBearing = Annotated[
    int,
    Field(
        ge=-3,
        le=3,
        description=(
            "Direction and strength: +1..+3 supports the standard, -1..-3 undermines it (3 = strong); read as the "
            "level it indicates through the rubric's `measurement.bearing_levels`."
        ),
    ),
]


class LevelBearing(Strict):
    """An explicit reading: the item indicates this level of the rubric's scale (e.g. `{level: 4}`)."""

    level: float = Field(
        ge=0, le=10, allow_inf_nan=False,
        description="The level of the rubric's scale this item indicates (a decimal such as 2.5 lies between two levels).",
    )
    strength: int = Field(
        2, ge=1, le=3, description="How firmly it indicates that level: 1 weak, 2 moderate (default), 3 strong."
    )


def _bearing_form(value: object) -> str:
    """A mapping is an explicit level; anything else is read as a signed strength (so errors name one form)."""
    return "level" if isinstance(value, (dict, LevelBearing)) else "signed"


Bearing = Annotated[
    Annotated[SignedBearing, Tag("signed")] | Annotated[LevelBearing, Tag("level")],
    Discriminator(_bearing_form),
]


class Evidence(Strict):
    """One piece of evidence: what happened or was said, graded, dated, sourced and linked to criteria."""

    id: Id
    claim: NonBlank = Field(description="What the evidence shows, in the assessor's own words.")
    quote: str | None = Field(None, description="The source's words, verbatim (checked by `assess verify`).")
    language: Language | None = Field(
        None, description="The quote's language, when not its source's (e.g. a quotation from a translation)."
    )
    # The schema shows the shorthands too, so editors and JSON Schema validators accept what assess accepts.
    source: Annotated[
        list[SourceRef], BeforeValidator(_source_shorthand, json_schema_input_type=str | Annotated[list[str | SourceRef], Field(min_length=1)])
    ] = Field(
        min_length=1, description="Source id, `{id, locator}`, a list of ids, or a list of `{id, locator}`."
    )
    locator: str | None = Field(None, description="Where in the (first) source, e.g. `footnote [1]`, `para. 2`.")
    date: EventDate | None = Field(
        None, description="When the event happened (not when it was reported); undated items count only in the full case."
    )
    kind: EvidenceKind = Field(
        description=(
            "`fact` (documented), `official_position`, `perception`, `allegation`, `structural_tie` "
            "(alliance, base, treaty) or `analysis` (an author's reasoning or judgement)."
        )
    )
    credibility: int = Field(
        ge=1,
        le=6,
        description=(
            "Information credibility (Admiralty code): 1 confirmed, 2 probably true, 3 possibly true, "
            "4 doubtful, 5 improbable, 6 cannot be judged."
        ),
    )
    bears_on: dict[str, Bearing] = Field(
        default_factory=dict,
        description=(
            "Criteria it bears on: direction and strength (`{balance: -2, acceptability: 1}`) or the level it "
            "indicates (`{structural_ties: {level: 4}}`)."
        ),
    )
    favours: str | list[str] | None = Field(
        None,
        description=(
            "Id of the party this evidence shows the mediator favouring, a list of ids (a tie to several), or "
            "`all` (a tie to every party: no net tilt)."
        ),
    )
    event: Id | None = Field(
        None,
        description=(
            "Id of the happening this item reports (e.g. `csto_membership`). Items with the same event "
            "corroborate one another instead of counting as independent observations."
        ),
    )
    held_by: str | None = Field(
        None,
        description="For a perception or an allegation: the id of the party or actor who holds or makes it.",
    )
    counts_outside_roles: bool = Field(
        False,
        description=(
            "True to score an item dated wholly outside every period in `mediator.roles` (otherwise it is "
            "background: shown, not scored)."
        ),
    )
    tags: list[str] = Field(default_factory=list, description="Free tags, e.g. `military`, `ceasefire`.")
    note: str | None = Field(None, description="Assessor's note on grading or reading.")
    review: bool = Field(False, description="True while a drafted item still awaits human review.")
    context: bool = Field(
        False,
        description=(
            "True for an item kept for the record that bears on no criterion (e.g. an author's general claim): "
            "it is shown in reports but not scored, and no warning is given for its empty `bears_on`."
        ),
    )

    @field_validator("bears_on")
    @classmethod
    def _no_zero(cls, value: dict[str, int | LevelBearing]) -> dict[str, int | LevelBearing]:
        zero = [k for k, v in value.items() if isinstance(v, int) and v == 0]
        if zero:
            raise ValueError(f"bearing on '{zero[0]}' is 0: use +1..+3 or -1..-3, or leave the criterion out")
        return value


class Rating(Strict):
    """An assessor's own rating of a criterion, which overrides the evidence-derived score."""

    criterion: str = Field(description="The criterion's id.")
    level: int = Field(ge=0, le=10, description="Level on the rubric's scale.")
    rationale: NonBlank = Field(description="Why this level: the argument, in the assessor's words.")
    evidence: list[str] = Field(default_factory=list, description="Ids of evidence items the rating rests on.")
    assessor: str | None = Field(None, description="Assessor id, when several assessors rate the same case.")
    confidence: Literal["low", "medium", "high"] = Field(
        "medium",
        description="How sure the assessor is of the level: `low`, `medium` (default) or `high`; sets its error.",
    )


class NotApplicable(Strict):
    """A criterion that does not apply to this case (e.g. coordination with co-mediators for a sole mediator)."""

    criterion: str = Field(description="The criterion's id.")
    reason: NonBlank = Field(description="Why it does not apply, in a sentence a reader can check.")


class Case(Strict):
    """A case file: one mediator in one conflict, with the evidence about its conduct."""

    meta: Meta = Field(description="About the assessment: id, title, assessors, date, rubric.")
    mediator: Mediator = Field(description="The mediator assessed.")
    conflict: Conflict = Field(description="The conflict and its parties.")
    bibliography: str | None = Field(
        None, description="A CSL-JSON or BibTeX file (relative path) whose keys evidence may cite as sources."
    )
    sources: list[Source] = Field(default_factory=list, description="The sources evidence cites.")
    evidence: list[Evidence] = Field(default_factory=list, description="The evidence items.")
    ratings: list[Rating] = Field(default_factory=list, description="Assessor ratings per criterion (optional).")
    not_applicable: list[NotApplicable] = Field(
        default_factory=list,
        description="Criteria that do not apply to this case, each with a reason: left out, their weight shared out.",
    )
    notes: str | None = Field(None, description="Free notes, in Markdown.")
    limitations: list[NonBlank] = Field(
        default_factory=list,
        description=(
            "What the evidence does not cover or cannot show, one plain sentence each (e.g. a period with no "
            "sources, a party whose view is known only through the other's press). The brief counts them; every "
            "report lists them under \"What the evidence does not cover\"."
        ),
    )
    open_questions: list[NonBlank] = Field(
        default_factory=list,
        description=(
            "Questions more sources could settle, one plain sentence each, so a reader sees where the case could be "
            "extended or challenged. The brief counts them; every report lists them."
        ),
    )

    def party(self, party_id: str) -> Party:
        return next(p for p in self.conflict.parties if p.id == party_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def evidence_by_id(self) -> dict[str, Evidence]:
        return {e.id: e for e in self.evidence}


def favoured(item: Evidence) -> list[str]:
    """The party ids an item's `favours` names, as a list (`favours: armenia` is `[armenia]`)."""
    if item.favours is None:
        return []
    return [item.favours] if isinstance(item.favours, str) else list(item.favours)
