"""The catalogue of common mistakes: each message as users see it, its cause and its fix.

docs/common-mistakes.md is written from these entries, and tests check both ways: every entry's example really
gives its message, and the page quotes every message, so the page cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """One common mistake: an edit to the smallest valid case that makes it, and what `assess validate` says."""

    title: str
    old: str  # a line of tests/data/valid/minimal_case.yaml ...
    new: str  # ... and what the mistake turns it into
    message: str  # the message (after `path:line:col: error: `) or a fragment of it, exactly as printed
    cause: str
    fix: str


MISTAKES = (
    Mistake(
        "A ': ' inside a text",
        "    claim: The mediator met both parties equally often.",
        "    claim: The mediator said: both parties matter",
        "this text contains ': ' (or ends with ':'), so YAML reads it as a new key; put the whole value in double "
        'quotes: claim: "..."',
        "YAML reads `word: ` as the start of a new key, also in the middle of a text.",
        'Put the whole value in double quotes: `claim: "The mediator said: both parties matter"`.',
    ),
    Mistake(
        "A tab used for indentation",
        "  kind: state",
        "\tkind: state",
        "this line is indented with a tab; YAML needs spaces: replace the tab with spaces",
        "YAML does not allow tabs for indentation; many editors insert one when you press Tab.",
        "Indent with spaces (set your editor to insert spaces for Tab).",
    ),
    Mistake(
        "A quote that is never closed",
        "    claim: The mediator met both parties equally often.",
        '    claim: "The mediator met both parties equally often.',
        'the quote (") that opens this value is never closed: add " at the end of the value',
        "A value that starts with a quote runs on until the next quote, lines further down.",
        "Add the closing quote at the end of the value.",
    ),
    Mistake(
        "An apostrophe in single quotes",
        "    claim: The mediator met both parties equally often.",
        "    claim: 'Norland's envoy met both parties.'",
        "this text is in single quotes but contains an apostrophe, which ends it early: put the whole value in "
        "double quotes instead, or write the apostrophe twice ('')",
        "In a text in single quotes, an apostrophe closes the text.",
        "Use double quotes around a text with apostrophes, or write each apostrophe twice (`''`).",
    ),
    Mistake(
        "A text that starts with a quotation",
        "    claim: The mediator met both parties equally often.",
        '    claim: "Both sides" was the envoy\'s motto',
        "this value starts with a quote, so YAML ends it at the closing quote and cannot read the rest",
        "A value that starts with a quote ends at the closing quote; the words after it cannot be read.",
        'Put the whole value in double quotes and write each inner quote as `\\"`, or in single quotes.',
    ),
    Mistake(
        "A text that starts with a bracket",
        "    claim: The mediator met both parties equally often.",
        "    claim: [Redacted] met both parties",
        "this value starts with '[', so YAML reads a list or mapping and cannot read the rest",
        "`[` and `{` start a list or a mapping written on one line.",
        'Put the whole value in double quotes: `claim: "[Redacted] met both parties"`.',
    ),
    Mistake(
        "A bracket that is never closed",
        "    bears_on: {balance: 2}",
        "    bears_on: {balance: 2",
        "the '{' opened on this line is never closed: add '}' at the end",
        "A list `[a, b]` or mapping `{a: 1}` on one line needs its closing bracket.",
        "Add the closing bracket at the end of the line.",
    ),
    Mistake(
        "A text that starts with '@' or '`'",
        "    claim: The mediator met both parties equally often.",
        "    claim: @envoy met both parties",
        "a value cannot start with '@' in YAML: put the whole value in double quotes",
        "`@` and `` ` `` are reserved in YAML and cannot start a value.",
        "Put the whole value in double quotes.",
    ),
    Mistake(
        "A text that starts with '*'",
        "    claim: The mediator met both parties equally often.",
        "    claim: *Both* parties were met",
        "a value that starts with '*' is read as a YAML alias: put the whole value in double quotes",
        "`*name` refers to an anchor elsewhere in the file (which case files do not use).",
        "Put the whole value in double quotes.",
    ),
    Mistake(
        "A line indented too far",
        "    kind: fact",
        "     kind: fact",
        "this line is indented more than line",
        "A line indented more than the key above it is read as the rest of that key's value.",
        "Line the key up with the other fields of its item or section.",
    ),
    Mistake(
        "A field not lined up with its list item",
        "    kind: fact",
        "   kind: fact",
        "this line is not lined up with the list item above",
        "The fields of a list item must start in the column after `- `.",
        "Indent the field like the item's first field, or start a new item with `- `.",
    ),
    Mistake(
        "Credibility outside 1–6",
        "    credibility: 2",
        "    credibility: 7",
        "evidence[0].credibility: credibility is a whole number 1–6 on the Admiralty scale (1 confirmed, "
        "2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged); got 7",
        "Credibility is graded on the Admiralty scale's six steps.",
        "Write a whole number from 1 to 6.",
    ),
    Mistake(
        "Reliability not a letter A–F",
        "    reliability: B",
        "    reliability: G",
        "sources[0].reliability: reliability is a letter A–F on the Admiralty scale (A completely reliable, "
        "B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged); got 'G'",
        "A source's reliability is graded A–F.",
        "Write one capital letter from A to F.",
    ),
    Mistake(
        "A date in another form",
        "    date: 2020-03",
        "    date: March 2020",
        "evidence[0].date: 'March 2020' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, or a period START/END "
        "such as 1990/1991",
        "Dates are written with digits, year first.",
        "Write `2020-03` (or `2020`, `2020-03-12`, or a period `2019/2021`).",
    ),
    Mistake(
        "A party named by its alias",
        "    - {id: west, name: Westland}",
        "    - {id: west, name: Westland, aliases: [WL]}\n    - {id: north, name: Northland}",
        "unknown party 'WL' ('WL' is the alias of party 'west': write its id, 'west')",
        "`favours`, `aligned_with` and `held_by` name a party by its `id`, not by its name or an alias.",
        "Write the party's id; a misspelt id, name or alias gets a `did you mean` with the id.",
    ),
    Mistake(
        "A misspelt field name",
        "    credibility: 2",
        "    credability: 2",
        "evidence[0].credability: unknown field 'credability' (did you mean 'credibility'?)",
        "Every field name is checked, so that a typo is not silently ignored.",
        "Use the suggested name (docs/case-format.md lists every field).",
    ),
)
# The edit a mistake needs besides its own line (the alias mistake needs an item that names the alias).
EXTRA = {"A party named by its alias": "    favours: WL\n"}
