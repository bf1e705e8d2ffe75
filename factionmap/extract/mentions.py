"""Mentions: the spans of an article that name an actor, and the actor each one names.

Found in four numbered steps, each cheaper and surer than the next, and merged so that an earlier
step's span wins an overlap:
  1. gazetteer — the knowledge base's names and aliases (every article, every sentence);
  2. acronym   — "Long Name (ACR)" defines ACR for the rest of the article, for known and new names;
  3. demonym   — a state's demonym before a state-role noun ("the Turkish government");
  4. ner       — spaCy's statistical NER, only in the sentences that get parsed, for names the
                 knowledge base lacks; these become provisional actors with a kind guessed from the name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factionmap.extract.lexicon import MentionLexicon
from factionmap.isodates import CALENDAR_WORDS
from factionmap.kb import normalize
from factionmap.model import Actor, Mention, MentionMethod

if TYPE_CHECKING:
    from factionmap.kb import KnowledgeBase

ACRONYM_DEFINITION = re.compile(
    r"((?:[A-Z][\w'’\-]*|al|el|of|the|for|and|in|wal|ul|e|i|de|du|des|la|le|li)"
    r"(?:[ \-](?:[A-Z][\w'’\-]*|al|el|of|the|for|and|in|wal|ul|e|i|de|du|des|la|le|li)){1,9})"
    r"\s*\(\s*([A-Z][A-Za-z\-]{1,9})\s*\)"
)
MIN_ACRONYM_UPPER_SHARE = 0.6  # "ISIS-K", "AQIS", "TTP" yes; "(Halab)" no
# A wire dateline opening a paragraph ("BAMAKO - ", "MAIDUGURI, Nigeria — "): the place the story was
# filed from, never an actor of its first sentence; NER often fuses it with the next word.
DATELINE = re.compile(
    r"[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+)*(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)?"  # "MAIDUGURI, Nigeria"
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?"  # ", April 8"
    r" ?(?:\([A-Z][A-Za-z .]{1,30}\) ?)?"  # "(Reuters)"
    r"(?:[-–—]+|:) "
)
DEMONYM_PHRASE = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+([A-Za-z]+)")
# "Turkish-backed factions", "Emirati-funded forces", "Iranian sponsored militias": a demonym before a
# participle of support names the state as the agent (news copy drops the hyphen often enough).
DEMONYM_AGENT = re.compile(r"\b([A-Z][a-z]+)[- ](backed|funded|supported|sponsored|armed|trained|financed)\b")
# "American and British warplanes", "Saudi and Houthi negotiators": the first demonym shares the role noun.
DEMONYM_PAIR = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:and|or)\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+([A-Za-z]+)")
TITLE_WORDS = frozenset(
    [
        "general",
        "gen",
        "president",
        "mullah",
        "sheikh",
        "shaykh",
        "commander",
        "dr",
        "mr",
        "mrs",
        "ms",
        "maulana",
        "emir",
        "colonel",
        "col",
        "major",
        "captain",
        "lieutenant",
        "minister",
        "spokesman",
        "prince",
        "king",
        "imam",
        "senior",
        "superintendent",
        "lt",
        "brig",
        "brigadier",
        "sgt",
        "sergeant",
        "ustadz",
        "datu",
        "governor",
        "mayor",
        "senator",
        "deputy",
        "chief",
    ]
)
TITLE_PREFIX = re.compile(r"^(?:(?:" + "|".join(sorted(TITLE_WORDS, key=len, reverse=True)) + r")\.?\s+)+", re.I)
LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.I)
# The capitalised word right before an alias, joined to it by one space ("Rahim Dagalo").
NAME_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“‘]))([A-Z][a-z][\w'’.-]*) $")
# Capitalised words that do not make a longer name of the alias after them.
NAME_GLUE_FREE = frozenset(
    {
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "after",
        "before",
        "when",
        "while",
        "both",
        "as",
        "of",
        "and",
        "but",
        "if",
        "since",
        "under",
        "against",
        "between",
        "among",
        "said",
        "says",
        "according",
        "former",
        "rival",
        "pro",
        "anti",
        "ex",
        "late",
        "slain",
        "jailed",
        "detained",
        "exiled",
    }
)
NEXT_NAME_WORD = re.compile(r" ([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)\b(?![-'’])")
FACTION_PARENT_TYPES = ("ARMED_GROUP", "ORGANIZATION")
FACTION_SUFFIX = re.compile(r"[-–—]((?:[A-Z][\w'’]*)(?: (?:[A-Z][\w'’]*)){0,3})(?![\w-])")
FACTION_SUFFIX_STOP = frozenset(
    {
        "led",
        "backed",
        "linked",
        "affiliated",
        "allied",
        "aligned",
        "run",
        "held",
        "controlled",
        "style",
        "era",
        "inspired",
        "dominated",
        "owned",
        "sponsored",
        "supported",
        "funded",
        "armed",
        "trained",
        "based",
    }
)


MAX_ACTOR_ID = 64  # the store's actor id columns (store.schema.ID): PostgreSQL refuses a longer id


def provisional_id(name: str, kind: str) -> str:
    """ "new:<kind>:<name>", a long name cut to fit the store with a hash of the whole id (still one id per name):
    uncut, a 70-character id made PostgreSQL refuse the whole document while SQLite stored it."""
    actor_id = f"new:{kind.lower()}:{normalize(name).replace(' ', '_')}"
    if len(actor_id) <= MAX_ACTOR_ID:
        return actor_id
    digest = hashlib.sha1(actor_id.encode()).hexdigest()[:8]
    return f"{actor_id[: MAX_ACTOR_ID - len(digest) - 1]}_{digest}"


@dataclass(slots=True)
class DocActors:
    """The actors one article refers to: knowledge-base actors plus provisional ones it introduces."""

    kb: KnowledgeBase
    actors: dict[str, Actor] = field(default_factory=dict)
    local_aliases: dict[str, str] = field(default_factory=dict)  # acronym -> actor id

    def known(self, actor_id: str) -> Actor:
        actor = self.actors.get(actor_id)
        if actor is None:
            actor = self.kb.actor(actor_id)
            self.actors[actor_id] = actor
        return actor

    def provisional(self, name: str, kind: str) -> Actor:
        actor_id = provisional_id(name, kind)
        if actor_id not in self.actors:
            self.actors[actor_id] = Actor(actor_id, name, kind, (name,), provisional=True)
        return self.actors[actor_id]

    def add_alias(self, actor_id: str, alias: str) -> None:
        actor = self.actors[actor_id]
        if alias not in actor.aliases:
            self.actors[actor_id] = Actor(
                actor.id,
                actor.name,
                actor.type,
                (*actor.aliases, alias),
                actor.country,
                actor.provisional,
                actor.sources,
            )


def _mention(start: int, end: int, text: str, actor: Actor, method: MentionMethod, score: float = 1.0) -> Mention:
    return Mention(start, end, text[start:end], actor.id, actor.type, method, score)


def gazetteer_mentions(text: str, gazetteer, registry: DocActors) -> list[Mention]:
    """Step 1. An alias several actors share is resolved from the article's context (kb/resolve.py);
    a tie leaves it unlinked rather than guessing."""
    from factionmap.kb import ResolutionContext, resolve

    matches = gazetteer.find(text)
    ends = {m.end for m in matches}
    starts = {m.start for m in matches}
    context = None
    out = []
    for m in matches:
        if len(m.candidates) == 1:
            actor_id = m.candidates[0]
        else:
            if context is None:
                context = ResolutionContext.from_matches(
                    registry.kb, gazetteer.find(text, ("name", "demonym", "capital"))
                )
            resolution = resolve(m, context, registry.kb)
            if resolution.margin <= 0:
                continue
            actor_id = resolution.actor_id
        actor = registry.known(actor_id)
        if _inside_longer_name(text, m.start, m.end, actor, registry.kb, ends):
            continue
        score = 1.0 if len(m.candidates) == 1 else 0.7
        faction_end = _faction_suffix_end(text, m.end, starts) if actor.type in FACTION_PARENT_TYPES else None
        if faction_end is not None:
            faction = registry.provisional(text[m.start : faction_end], actor.type)
            out.append(_mention(m.start, faction_end, text, faction, MentionMethod.FACTION, score))
            continue
        out.append(_mention(m.start, m.end, text, actor, MentionMethod.GAZETTEER, score))
    return out


def _title_case_line(text: str, pos: int) -> bool:
    """True inside a headline-style line ("Rwanda Sends Troops To Cabo Delgado"), where capitals say nothing."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text[start : end if end >= 0 else len(text)]) if len(w) >= 4]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _inside_longer_name(text: str, start: int, end: int, actor: Actor, kb, match_ends: set[int]) -> bool:
    """An alias glued to a capitalised name word before it belongs to a longer name, which names someone
    else: "Abdul Rahim Dagalo" is not Mohamed Hamdan Dagalo ("Dagalo"), the "National Security Council"
    is not the UN's ("Security Council"). A title, a demonym, a function word, another known name or a
    headline-case line before the alias keeps it; so does the actor's full name or an all-capitals acronym."""
    if actor.type not in ("PERSON", "ORGANIZATION", "ARMED_GROUP"):
        return False
    surface = text[start:end]
    if surface.isupper() or normalize(surface) == normalize(actor.name):
        return False
    before = NAME_WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None or before.end(1) in match_ends:
        return False
    word = before.group(1).lower().rstrip(".")
    if word in TITLE_WORDS or word in NAME_GLUE_FREE or word in kb.demonyms or normalize(word) in kb.demonyms:
        return False
    return not _title_case_line(text, start)


def _faction_suffix_end(text: str, end: int, match_starts: set[int]) -> int | None:
    """Where a faction's name ends when a dash and capitalised words follow its parent's name with no
    space ("Sudan Liberation Movement–Transitional Council", "BRN-Congress", "NSCN-K"); None otherwise,
    or when the words after the dash are another known name ("Israel-Hamas") or a participle in a
    headline ("Taliban-Led")."""
    m = FACTION_SUFFIX.match(text, end)
    if m is None or m.start(1) in match_starts or _title_case_line(text, end):
        return None
    if normalize(m.group(1).split()[0]) in FACTION_SUFFIX_STOP:
        return None
    return m.end(1)


def _name_words(name: str) -> set[str]:
    return {w.strip("'’").lower() for w in re.split(r"[\s\-]+", name)}


def _is_place_name(name: str, lex: MentionLexicon) -> bool:
    """A name ending in an administrative unit with no group or organisation word before it."""
    words = name.lower().split()
    if len(words) < 2 or words[-1] not in lex.place_suffixes:
        return False
    return not set(words[:-1]) & (lex.armed_group_name_words | lex.organization_name_words)


def _kind_from_name(name: str, lex: MentionLexicon, default: str) -> str:
    words = _name_words(name)
    if words & lex.organization_name_words:
        return "ORGANIZATION"
    if words & lex.armed_group_name_words:
        return "ARMED_GROUP"
    return default


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) >= MIN_ACRONYM_UPPER_SHARE


def acronym_mentions(text: str, found: Sequence[Mention], registry: DocActors, lex: MentionLexicon) -> list[Mention]:
    """Step 2: "Tehreek-e-Taliban Pakistan (TTP)" makes TTP name that actor everywhere in the article."""
    out: list[Mention] = []
    for m in ACRONYM_DEFINITION.finditer(text):
        long_start, long_end, acro = m.start(1), m.end(1), m.group(2)
        if not _is_acronym(acro):
            continue
        covering = [x for x in found if x.start <= long_end and x.end >= long_end - 1 and x.end <= long_end + 1]
        if covering:
            actor = (
                registry.known(covering[-1].actor_id)
                if not covering[-1].actor_id.startswith("new:")
                else registry.actors[covering[-1].actor_id]
            )
        else:
            name = _trim_long_name(text[long_start:long_end], acro)
            if not name or normalize(name) in lex.ner_stoplist:
                continue  # "Foreign Terrorist Organization (FTO)": a designation, not an actor
            long_start = long_end - len(name)
            actor = registry.provisional(name, _kind_from_name(name, lex, "ARMED_GROUP"))
            out.append(_mention(long_start, long_end, text, actor, MentionMethod.ACRONYM, 0.8))
        registry.local_aliases[acro] = actor.id
        if not (actor.provisional and registry.kb.find_by_name(acro)):
            # a provisional actor uses a knowledge-base acronym in this article only, never as its own
            # alias in the store, where it would make the acronym ambiguous for every later question
            registry.add_alias(actor.id, acro)
    for acro, actor_id in registry.local_aliases.items():
        actor = registry.actors[actor_id]
        for occ in re.finditer(rf"(?<![\w-]){re.escape(acro)}(?![\w-])", text):
            out.append(_mention(occ.start(), occ.end(), text, actor, MentionMethod.ACRONYM, 0.9))
    return out


def _trim_long_name(candidate: str, acro: str) -> str:
    """Keep the capitalised words just before "(ACR)" that could spell it: as many as the acronym has letters."""
    words = candidate.split()
    while words and not words[0][:1].isupper():
        words.pop(0)
    caps = [i for i, w in enumerate(words) if w[:1].isupper()]
    wanted = sum(c.isupper() for c in acro)
    if len(caps) > wanted:
        words = words[caps[-wanted] :]
    name = " ".join(words)
    return name if len(name) > len(acro) else ""


def demonym_mentions(text: str, kb, registry: DocActors, lex: MentionLexicon) -> list[Mention]:
    """Step 3: "the Turkish government", "Nigerian troops", "Russian President" denote the state."""
    out = []
    for m in [*DEMONYM_PHRASE.finditer(text), *DEMONYM_PAIR.finditer(text), *DEMONYM_AGENT.finditer(text)]:
        if m.re is not DEMONYM_AGENT and m.group(2).lower() not in lex.state_role_nouns:
            continue
        state_id = kb.demonym(m.group(1))
        if state_id is None:
            continue
        actor = registry.known(state_id)
        out.append(_mention(m.start(1), m.end(1), text, actor, MentionMethod.DEMONYM, 0.9))
    return out


def ner_mentions(
    doc, to_orig, text: str, found: Sequence[Mention], registry: DocActors, lex: MentionLexicon
) -> list[Mention]:
    """Step 4, for one parsed sentence: NER spans the earlier steps missed become provisional actors.

    ``to_orig`` maps the parsed (masked) sentence's offsets back to the article's.
    """
    out = []
    for ent in doc.ents:
        kind = lex.ner_labels.get(ent.label_)
        if kind is None:
            continue
        start, end = to_orig(ent.start_char), to_orig(ent.end_char)
        if end <= start:
            continue
        start = _after_dateline(text, start, end)
        if start >= end:
            continue
        surface = text[start:end]
        lead = LEADING_DET.match(surface)
        if lead:
            start += lead.end()
            surface = text[start:end]
        surface_clean = surface.rstrip("'’s").rstrip("'’") if surface.endswith(("'s", "’s")) else surface
        end = start + len(surface_clean)
        titled = TITLE_PREFIX.match(surface_clean)
        if titled and titled.end() < len(surface_clean) and surface_clean[titled.end() :][:1].isupper():
            start += titled.end()  # "Lt. Col. Gerry Besana", "Senior Superintendent X": a titled person
            surface_clean, kind = surface_clean[titled.end() :], "PERSON"
        if not _name_like(surface_clean, lex) or _overlaps(start, end, found):
            continue
        if kind == "ORGANIZATION":
            kind = _kind_from_name(surface_clean, lex, "ORGANIZATION")
            if kind == "ORGANIZATION" and _listed_with_places(ent, doc):
                kind = "LOCATION"  # "in Kapisa, Kabul and Herat": the small model calls one of them an ORG
        elif _name_words(surface_clean) & lex.group_head_words:  # "Tuareg Self-Defense Group" tagged PERSON
            kind = _kind_from_name(surface_clean, lex, "ARMED_GROUP")
        if _is_place_name(surface_clean, lex):
            kind = "LOCATION"  # "Rakhine State", "Buthidaung Township": the NER often calls them PERSON or ORG
        if kind == "PERSON":
            end = _surname_end(text, end, found)
            surface_clean = text[start:end]
        actor = _person_or_new(surface_clean, kind, registry)
        out.append(_mention(start, end, text, actor, MentionMethod.NER, 0.6))
    return out


def _surname_end(text: str, end: int, found: Sequence[Mention]) -> int:
    """The end of a person's name whose last words the small NER left out ("Abdul Rahim" of "Abdul Rahim
    Dagalo"): up to two capitalised words right after it, short of known mentions, all-capital acronyms,
    days and months."""
    for _ in range(2):
        m = NEXT_NAME_WORD.match(text, end)
        if m is None or m.group(1).lower() in CALENDAR_WORDS or _overlaps(m.start(1), m.end(1), found):
            break
        end = m.end(1)
    return end


def _after_dateline(text: str, start: int, end: int) -> int:
    """Where a name begins once a dateline at the start of a paragraph is skipped ("BAMAKO - Fighters"
    → "Fighters"); ``end`` when the span is all dateline."""
    if start > 0 and text[start - 1] != "\n":
        return start
    m = DATELINE.match(text, start)
    return start if m is None else min(m.end(), end)


def _listed_with_places(ent, doc) -> bool:
    """A one-word name coordinated with places (NER GPE/LOC, or a masked known place) is a place."""
    if len(ent) != 1:
        return False
    from factionmap.extract.masking import PLACEHOLDER

    place_words = {PLACEHOLDER["LOCATION"], PLACEHOLDER["STATE"]}  # known places, masked before the parse
    return any(other.text in place_words or other.ent_type_ in ("GPE", "LOC") for other in ent.root.conjuncts)


def _name_like(surface: str, lex: MentionLexicon) -> bool:
    low = normalize(surface)
    if len(surface) < 3 or not surface[:1].isupper() or low in lex.ner_stoplist or low in lex.collective_nouns:
        return False
    return not surface.isupper() or len(surface) <= 6


def _person_or_new(name: str, kind: str, registry: DocActors) -> Actor:
    """A surname or titled form ("Sadat", "General Sadat") joins the person named in full earlier; so does
    a lone given name ("Mr Hassan" after "Hassan Taib", as Malay, Thai and Arab names are used) when exactly
    one person named earlier begins with it."""
    if kind == "PERSON":
        words = [w for w in name.split() if w.lower().strip(".") not in TITLE_WORDS]
        key = normalize(" ".join(words))
        people = [a for a in registry.actors.values() if a.type == "PERSON"]
        for actor in people:
            full = normalize(actor.name)
            if key and (full == key or full.endswith(" " + key) or key.endswith(" " + full)):
                return actor
        if len(words) == 1 and key:
            given = [a for a in people if normalize(a.name).startswith(key + " ")]
            if len(given) == 1:
                return given[0]
        name = " ".join(words) or name
    return registry.provisional(name, kind)


def _overlaps(start: int, end: int, mentions: Iterable[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


METHOD_PRIORITY = {
    MentionMethod.GAZETTEER: 0,
    MentionMethod.FACTION: 0,
    MentionMethod.ACRONYM: 1,
    MentionMethod.DEMONYM: 2,
    MentionMethod.DESCRIPTION: 3,
    MentionMethod.HOME_STATE: 3,
    MentionMethod.NER: 4,
    MentionMethod.COREF: 5,
}


def merge_mentions(*groups: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: by method priority, then the longer span wins."""
    ranked = sorted(
        (m for g in groups for m in g), key=lambda m: (METHOD_PRIORITY.get(m.method, 9), -(m.end - m.start), m.start)
    )
    kept: list[Mention] = []
    for m in ranked:
        clash = [k for k in kept if k.start < m.end and m.start < k.end]
        # a plural anaphor ("both groups") is several coref mentions over one span: keep them all
        if not clash or all(
            k.method == m.method == MentionMethod.COREF
            and (k.start, k.end) == (m.start, m.end)
            and k.actor_id != m.actor_id
            for k in clash
        ):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
