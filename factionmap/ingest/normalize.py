"""Bytes to clean Unicode text, safe document ids, and bounded article length."""

from __future__ import annotations

import re
import unicodedata

from factionmap.model import content_id

MAX_TEXT_CHARS = 1_000_000
"""Longest article text kept; ~150k words, far above any news article, low enough to bound memory."""

MAX_DOC_ID_CHARS = 120
"""Longest doc_id; leaves room for suffixes under the common 255-byte file-name limit."""

UTF16_NUL_SHARE = 0.3
"""Share of NUL bytes in odd (or even) positions above which BOM-less bytes are taken as UTF-16."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# zero-width and control characters (C0, DEL, C1), and the bidirectional controls (marks, embeddings,
# overrides, isolates), which reorder text on screen and split names ("the\u2069 army") for the gazetteer
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
    "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"
)
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u3000\t\f\v]")
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes in every other position (for Latin-script text)."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    half = len(sample) / 2
    if sample[1::2].count(0) / half > UTF16_NUL_SHARE:
        return "utf-16-le"
    if sample[0::2].count(0) / half > UTF16_NUL_SHARE:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode without raising: BOM, then UTF-8, then cp1252, then Latin-1 (which accepts every byte).

    Returns the text and the encoding used. cp1252 before Latin-1 because Windows-made files use its
    curly quotes and dashes in 0x80-0x9F, which Latin-1 turns into control characters.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    guessed = _utf16_guess(data)
    candidates = ([guessed] if guessed else []) + ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def normalize_text(text: str) -> str:
    """NFC, one kind of newline and space, no invisible or control characters; lines right-stripped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    return "\n".join(re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))


def truncate_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """Cut over-long text at the last sentence end (else the last space) before ``limit``."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in re.finditer(r"[.!?…][\"'”’)\]]*(?=\s)", head)]
    if ends and ends[-1] > limit // 2:
        return head[: ends[-1]]
    space = head.rfind(" ")
    return head[:space] if space > limit // 2 else head


def safe_doc_id(raw: str) -> str:
    """A doc_id usable as a file name on any OS: word characters, '.', '-', '_' only; never empty.

    Unicode letters are kept (an Arabic title stays readable); path separators, spaces and shell
    metacharacters become '_'; a leading dot is removed so the id never names a hidden file.
    """
    text = unicodedata.normalize("NFC", str(raw)).strip()
    text = re.sub(r"[^\w.-]+", "_", text).strip("._-")
    text = re.sub(r"_{2,}", "_", text)[:MAX_DOC_ID_CHARS].rstrip("._-")
    if not text:
        return "doc-" + content_id(raw, size=12)
    if text.split(".")[0].casefold() in _WINDOWS_RESERVED:
        return "_" + text
    return text
