"""Exact and near-duplicate documents: one story syndicated by ten outlets is one source, not ten.

Exact copies share a fingerprint (hash of the text with whitespace and case folded). Near-duplicates
(the same wire story with another headline, a trimmed paragraph, a different byline) are found with
MinHash over word shingles and locality-sensitive hashing (Broder 1997; Leskovec et al., *Mining of
Massive Datasets*, ch. 3): each document's signature is cut into bands, a band's hash is stored, and
documents sharing any band are candidates, confirmed by the estimated Jaccard similarity. The bands
live in the store, so finding candidates is an indexed lookup however large the corpus.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5  # word 5-grams: robust to small edits, rare across unrelated stories
NUM_PERM = 128
BANDS, ROWS = 16, 8  # 16 x 8 = 128: candidates from a Jaccard of ~0.7 ((1/16)^(1/8)); see module doc
NEAR_DUPLICATE_JACCARD = 0.8  # estimated similarity that makes two documents one story
SEED = 7  # fixed, so signatures stored by one run compare with the next
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Signature:
    fingerprint: str
    minhash: bytes
    bands: tuple[str, ...]

    def similarity(self, other_minhash: bytes) -> float:
        mine = np.frombuffer(self.minhash, dtype=np.uint64)
        theirs = np.frombuffer(other_minhash, dtype=np.uint64)
        return float(np.mean(mine == theirs)) if len(mine) == len(theirs) else 0.0


def fingerprint(text: str) -> str:
    """Exact-copy key: the text with case and whitespace folded."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()[:40]


def signature(text: str) -> Signature:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch([s.encode("utf-8") for s in shingles])
    values = mh.hashvalues.astype(np.uint64)
    bands = tuple(
        hashlib.blake2b(values[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=12).hexdigest() for b in range(BANDS)
    )
    return Signature(fingerprint(text), values.tobytes(), bands)
