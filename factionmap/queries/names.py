"""Actor names as analysts type them → the actor meant, or the candidates when it is not clear.

Steps, in order:
0. an exact actor id, as it is;
1. exact alias match (after kb.normalize folding: case, accents, "al-", apostrophes, "the") in the store's
   aliases, then in the bundled knowledge base;
2. several actors share the alias: the one with the most claims in the store wins if it has clearly more
   (an alias shared by two actors the store hardly knows stays ambiguous);
3. no exact match: a plausible misspelling of a whole name or alias (rapidfuzz token-sorted ratio over
   whole strings, never partial; short names and acronyms exactly or not at all); one clear winner is
   taken, otherwise the closest names are returned as candidates of an UnknownName.
"""

from __future__ import annotations

from functools import cached_property

from rapidfuzz import fuzz, process
from sqlalchemy import Engine

from factionmap.errors import NotFound
from factionmap.kb import alias_key
from factionmap.model import ActorRef
from factionmap.store import lookups

FUZZY_ACCEPT = 90  # token-sorted ratio of whole strings: "Talibn", "Hezbolla" are taken, "Hamaz" (Hama? Hamas?) not
FUZZY_CANDIDATE = 70  # shown as "did you mean"
FUZZY_MARGIN = 4  # the best must beat the next actor by this much to be taken alone
FUZZY_MIN_LENGTH = 5  # letters: a shorter name is matched exactly or not at all
ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "an", "at"})
FUZZY_MIN_WITHOUT_ARTICLE = 8  # letters left once the article is dropped, for that form to be compared
SHORT_NAME = 3  # letters: a name this short is an acronym and must be written in capitals ("IS", "AQI")
ACRONYM_MAX_LETTERS = 8  # an all-capital word this short is an acronym, matched exactly or not at all
DOMINANT_SHARE = 0.8  # of the claims among actors sharing an exact alias, for one to win
MAX_CANDIDATES = 6


class AmbiguousName(NotFound):
    """A name that fits several actors; ``candidates`` lists them, best first."""

    def __init__(self, name: str, candidates: list[ActorRef]) -> None:
        self.candidates = candidates
        listed = "; ".join(f"{c.name} ({c.type}, id {c.id})" for c in candidates)
        super().__init__(f"{name!r} could mean: {listed} — use the full name or the id")


class UnknownName(NotFound):
    def __init__(self, name: str, candidates: list[ActorRef]) -> None:
        self.candidates = candidates
        hint = f" — did you mean: {'; '.join(c.name for c in candidates)}?" if candidates else ""
        super().__init__(f"no actor called {name!r} in the store or the knowledge base{hint}")


class NameResolver:
    """Resolves names against one store and the knowledge base; build once per command or request."""

    def __init__(self, engine: Engine, kb=None) -> None:
        from factionmap.kb import KnowledgeBase

        self.engine = engine
        self.kb = kb if kb is not None else KnowledgeBase.load()
        self._choices_at: tuple[int, dict[str, set[str]]] | None = None  # (alias count, names): see _choices

    def resolve(self, name: str) -> ActorRef:
        """The actor ``name`` means; AmbiguousName or UnknownName (both NotFound) otherwise. An exact actor
        id is taken as it is (pages and --json output name actors by id, and a provisional id such as
        "new:person:…" is not a name the alias rules could find again). One read of the store for a name
        the store or the knowledge base knows exactly."""
        typed = name.strip()
        key = alias_key(name)
        rows = {r.id: ActorRef(r.id, r.name, r.type) for r in lookups.name_candidates(self.engine, typed, key)}
        if typed in rows:
            return rows[typed]
        if typed in self.kb:
            return self._kb_ref(typed)
        if not key or (len(key.replace(" ", "")) <= SHORT_NAME and not typed.isupper()):
            raise UnknownName(name, [])  # "is", "an", "al": words, unless written as the acronym ("IS")
        exact = self._exact(key, rows)
        if len(exact) == 1:
            return exact[0]
        if exact:
            return self._dominant(name, exact)
        return self._fuzzy(name, key)

    def ref(self, actor_id: str) -> ActorRef:
        row = lookups.actor_ref(self.engine, actor_id)
        if row:
            return ActorRef(row.id, row.name, row.type)
        if actor_id in self.kb:
            return self._kb_ref(actor_id)
        raise UnknownName(actor_id, [])

    def _kb_ref(self, actor_id: str) -> ActorRef:
        a = self.kb.actor(actor_id)
        return ActorRef(a.id, a.name, a.type)

    def _exact(self, key: str, stored: dict[str, ActorRef]) -> list[ActorRef]:
        """The actors ``key`` names exactly: ``stored`` (read by :func:`lookups.name_candidates`) and the
        knowledge base's."""
        as_id = key.replace(" ", "_")
        found = dict(stored)
        known = self.kb.find_by_name(key)
        if known:  # knowledge-base entries win an exact alias over provisional actors of one article
            found = {i: ref for i, ref in found.items() if i in self.kb}
        for a in known:
            found.setdefault(a.id, ActorRef(a.id, a.name, a.type))
        if as_id in self.kb and not found:
            found[as_id] = self._kb_ref(as_id)
        return list(found.values())

    def _choices(self) -> dict[str, set[str]]:
        """Every name a misspelling may mean (acronyms left out) -> its actors. Kept until the store's
        alias count moves: a server answers thousands of searches between two ingests, and working this
        out walked ~18,000 names each time (~100 ms)."""
        count = lookups.alias_count(self.engine)
        if self._choices_at is not None and self._choices_at[0] == count:
            return self._choices_at[1]
        rows = lookups.all_aliases(self.engine)
        choices = {form: set(ids) for form, ids in self._kb_choices.items()}
        for norm, alias, actor_id in rows:
            if not _is_acronym(alias):
                _add_form(choices, norm, (actor_id,))
        self._choices_at = (count, choices)
        return choices

    @cached_property
    def _kb_choices(self) -> dict[str, set[str]]:
        """The knowledge base's part of :meth:`_choices` (it does not change while the resolver lives)."""
        known: dict[str, set[str]] = {}
        for alias, ids in self.kb.aliases.items():
            forms = self.kb.alias_forms(alias)
            if not (forms and all(_is_acronym(f) for f in forms)):
                _add_form(known, alias, ids)
        return known

    def _dominant(self, name: str, refs: list[ActorRef]) -> ActorRef:
        counts = lookups.claim_counts(self.engine, [r.id for r in refs])
        ranked = sorted(refs, key=lambda r: -counts[r.id])
        total = sum(counts.values())
        if total and counts[ranked[0].id] / total >= DOMINANT_SHARE:
            return ranked[0]
        raise AmbiguousName(name, ranked[:MAX_CANDIDATES])

    def _fuzzy(self, name: str, key: str) -> ActorRef:
        """A plausible misspelling of one whole name or alias, or UnknownName with the closest names.

        Whole strings are compared (token-sorted Levenshtein ratio), never a part of one: a partial
        match let "nonexistent_x" mean the Islamic State through "is". Short names, and acronyms on
        either side (one all-capital word), are matched exactly or not at all."""
        if _is_acronym(name.strip()) or len(key.replace(" ", "")) < FUZZY_MIN_LENGTH:
            raise UnknownName(name, [])
        choices = self._choices()
        best: dict[str, float] = {}
        for alias, score, _ in process.extract(
            key, list(choices), scorer=fuzz.token_sort_ratio, limit=40, score_cutoff=FUZZY_CANDIDATE
        ):
            for actor_id in choices[alias]:
                best[actor_id] = max(best.get(actor_id, 0.0), score)
        ranked = sorted(best, key=lambda i: (-best[i], i))
        refs = [self.ref(i) for i in ranked[:MAX_CANDIDATES]]
        if (
            ranked
            and best[ranked[0]] >= FUZZY_ACCEPT
            and (len(ranked) == 1 or best[ranked[0]] - best[ranked[1]] >= FUZZY_MARGIN)
        ):
            return refs[0]
        raise UnknownName(name, refs)


def _add_form(choices: dict[str, set[str]], key: str, ids) -> None:
    for form in _with_and_without_article(key):
        choices.setdefault(form, set()).update(ids)


def _with_and_without_article(key: str) -> tuple[str, ...]:
    """An Arabic name as written with or without its article: "al mourabitoun" and "mourabitoun". Not
    for a short rest ("al banna" → "banna"), which one typo turns into an English word ("banana")."""
    head, _, rest = key.partition(" ")
    return (key, rest) if head in ARTICLES and len(rest) >= FUZZY_MIN_WITHOUT_ARTICLE else (key,)


def _is_acronym(surface: str) -> bool:
    """ "ISIS", "TTP", "JNIM", "ISIS-K": a typo in an acronym makes another acronym, not a misspelling."""
    letters = [c for c in surface if c.isalpha()]
    return 2 <= len(letters) <= ACRONYM_MAX_LETTERS and " " not in surface.strip() and all(c.isupper() for c in letters)
