"""Plain-English questions → one of the queries, with the reading shown back to the analyst.

Understood forms (case and a final "?" do not matter; "as of 2020", "in March 2019", "before 2016" at the
end limit the answer to that date):

1. "What is the relationship between X and Y?", "relations/ties/links between X and Y", "X and Y",
   "How are X and Y related/connected?" (connected: the path through other actors);
2. "Who supports/funds/praises/attacks/denounces/leads/controls X?", "Who is allied with X?",
   "Who pledged allegiance to X?", "Who split from X?": X in the object role of the verb;
3. "Whom does X support?", "Who did X pledge allegiance to?", "Who did X split from?": X is the subject;
4. "Allies of X", "X's rivals", "Who are the enemies/supporters/affiliates/splinters of X?";
5. "When did X split from/pledge allegiance to/ally with Y?": the pair's relationships of that type,
   with their dates and the claims that say otherwise.

Verbs and nouns map to relation types through the cue lexicon in vocab.yaml (its roles say whether the
subject is the relation's head or tail: "who inspired X" asks for the head of X INSPIRED_BY ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from factionmap.errors import InvalidInput
from factionmap.inflect import DEFAULT_RULES, inflections
from factionmap.isodates import date_in_phrase
from factionmap.vocab import load_vocab

IRREGULAR = {
    "fought": "fight",
    "led": "lead",
    "split": "split",
    "broke": "break",
    "broken": "break",
    "sent": "send",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "held": "hold",
    "enemies": "enemy",
    "allies": "ally",
    "won": "win",
    "struck": "strike",
}
# Noun questions "supporters of X": X is the relation's tail; "allies of X": symmetric, either side.
AUX = r"(?:do|does|did|has|have|had|is|are|was|were|will|would|could|can)"
_AS_OF = re.compile(
    r"(?i)[,\s]+(?:as of|as at|in|before|by|until|on)\s+(?P<when>(?:\w+\.?\s+)?(?:\d{1,2},?\s+)?"
    r"\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*$"
)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the question was taken to ask, in the terms of the queries."""

    kind: str  # "relation" | "path" | "who" | "when"
    a: str
    b: str | None = None
    types: tuple[str, ...] = ()
    role: str = "tail"  # for "who": the role the named actor plays in the relation
    as_of: str | None = None

    def describe(self) -> str:
        when = f", as of {self.as_of}" if self.as_of else ""
        if self.kind in ("relation", "path", "when"):
            what = f" ({', '.join(self.types)})" if self.types else ""
            return f"{self.kind} between {self.a!r} and {self.b!r}{what}{when}"
        side = "tail" if self.role == "tail" else "head"
        return f"actors related to {self.a!r} by {', '.join(self.types)} with {self.a!r} as {side}{when}"


def parse_question(question: str) -> Reading:
    """The Reading of a question; InvalidInput naming the forms understood when none fits."""
    text = " ".join(question.strip().rstrip("?.!").split())
    text, as_of = _split_as_of(text)
    for reader in (_relation, _when, _who_subject, _who_object, _noun):
        reading = reader(text)
        if reading is not None:
            return Reading(reading.kind, reading.a, reading.b, reading.types, reading.role, as_of)
    raise InvalidInput(
        f"cannot read the question {question!r}",
        field="question",
        hint='ask e.g. "What is the relationship between X and Y?", "Who supports X?", '
        '"Whom does X attack?", "Allies of X", "When did X split from Y?"',
    )


def _split_as_of(text: str) -> tuple[str, str | None]:
    m = _AS_OF.search(text)
    if not m:
        return text, None
    value = date_in_phrase(m.group("when"))
    return (text[: m.start()], value) if value else (text, None)


def _relation(text: str) -> Reading | None:
    m = (
        re.search(
            r"(?i)\b(?:relationships?|relations|ties|links?|connections?)\s+between\s+(?P<a>.+?)\s+and\s+"
            r"(?P<b>.+)$",
            text,
        )
        or re.search(
            r"(?i)^how\s+(?:are|were|is)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+"
            r"(?P<how>related|connected|linked)$",
            text,
        )
        or re.fullmatch(r"(?i)(?P<a>[^?]+?)\s+(?:and|vs\.?|versus)\s+(?P<b>[^?]+)", text)
    )
    if not m:
        return None
    kind = "path" if (m.groupdict().get("how") or "").lower() in ("connected", "linked") else "relation"
    return Reading(kind, _name(m.group("a")), _name(m.group("b")))


def _when(text: str) -> Reading | None:
    m = re.match(
        rf"(?i)^when\s+{AUX}\s+(?P<a>.+?)\s+(?P<verb>\w+)(?:\s+(?:allegiance|ties|away))?\s+"
        r"(?:from|to|with|against|by)?\s*(?P<b>.+)$",
        text,
    )
    if not m:
        return None
    types = verb_types(m.group("verb"))
    return Reading("when", _name(m.group("a")), _name(m.group("b")), types) if types else None


def _who_subject(text: str) -> Reading | None:
    """ "Whom does X support", "who did X pledge allegiance to": X is the verb's subject."""
    m = re.match(
        rf"(?i)^(?:who|whom|which\s+\w+)\s+{AUX}\s+(?P<a>.+?)\s+(?P<verb>\w+)"
        r"(?:\s+(?:allegiance|ties|away|out))?(?:\s+(?:to|from|with|against|on|in))?$",
        text,
    )
    if not m:
        return None
    verb = m.group("verb").lower()
    types = verb_types(verb)
    return Reading("who", _name(m.group("a")), None, types, verb_role(verb, "subj")) if types else None


def _who_object(text: str) -> Reading | None:
    """ "Who supports X", "who is allied with X", "who pledged allegiance to X": X is object or prep."""
    m = re.match(
        rf"(?i)^(?:who|which\s+\w+)\s+(?:{AUX}\s+)?(?:(?:been|being|the|an?)\s+)*(?P<verb>\w+)"
        r"(?:\s+(?:allegiance|ties|away|out))?(?:\s+(?:to|from|with|against|on|in|of|by))?\s+(?P<a>.+)$",
        text,
    )
    if not m:
        return None
    verb = m.group("verb").lower()
    types = verb_types(verb) or noun_types(verb)
    if not types:
        return None
    role = verb_role(verb, "obj") if verb_types(verb) else "tail"
    return Reading("who", _name(m.group("a")), None, types, role)


def _noun(text: str) -> Reading | None:
    m = re.match(
        r"(?i)^(?:(?:who|what|which)\s+(?:are|were|is)\s+)?(?:the\s+)?(?P<noun>\w+)\s+of\s+(?P<a>.+)$", text
    ) or re.match(r"(?i)^(?:(?:who|what|which)\s+(?:are|were|is)\s+)?(?P<a>.+?)['’]s?\s+(?P<noun>\w+)$", text)
    if not m:
        return None
    types = noun_types(m.group("noun"))
    return Reading("who", _name(m.group("a")), None, types, "tail") if types else None


def _name(text: str) -> str:
    return re.sub(r"(?i)^the\s+", "", text.strip(" ,;:\"'“”"))


def _lemma(word: str) -> list[str]:
    word = word.lower()
    return [IRREGULAR[word]] if word in IRREGULAR else [word]


def verb_types(word: str) -> tuple[str, ...]:
    index = _verb_index()
    for lemma in _lemma(word):
        if lemma in index:
            return index[lemma][0]
    return ()


def verb_role(word: str, slot: str) -> str:
    """Whether the named actor in ``slot`` ("subj"/"obj") is the relation's head or tail."""
    for lemma in _lemma(word):
        if lemma in _verb_index():
            return _verb_index()[lemma][1].get(slot, "head" if slot == "subj" else "tail")
    return "head" if slot == "subj" else "tail"


def noun_types(word: str) -> tuple[str, ...]:
    nouns = load_vocab().question_nouns  # "enemy" -> RIVAL_OF: vocab.yaml's ``question_nouns``
    for lemma in _lemma(word):
        for form in (lemma, lemma.removesuffix("s"), lemma.removesuffix("es"), lemma[:-3] + "y"):
            if form in nouns:
                return (nouns[form],)
    return ()


@cache
def _verb_index() -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """Every inflected form of every verb cue → (relation types, roles), the heaviest cue first."""
    index: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {}
    for cue in sorted(load_vocab().cues, key=lambda c: -c.weight):
        if cue.pos != "VERB" or (cue.obj_lemma and cue.obj_lemma not in ("allegiance",)):
            continue
        for form in inflections(cue.lemma, "VERB", DEFAULT_RULES, {}):
            types, roles = index.get(form, ((), dict(cue.roles)))
            if cue.type not in types:
                index[form] = ((*types, cue.type), roles)
    return index
