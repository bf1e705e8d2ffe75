"""Decoding, doc_id sanitising, truncation and date normalisation."""

from factionmap.ingest.dates import to_iso_date
from factionmap.ingest.normalize import decode_bytes, safe_doc_id, truncate_text


def test_decode_prefers_utf8_then_cp1252_then_latin1() -> None:
    assert decode_bytes("Kidal – “quoted”".encode()) == ("Kidal – “quoted”", "utf-8")
    assert decode_bytes("Kidal – “quoted”".encode("cp1252")) == ("Kidal – “quoted”", "cp1252")
    assert decode_bytes(b"caf\xe9 \x81")[1] == "latin-1"


def test_safe_doc_id() -> None:
    assert safe_doc_id("../etc/passwd") == "etc_passwd"
    assert safe_doc_id("  report 2024: final?  ") == "report_2024_final"
    assert safe_doc_id("تقرير-١") == "تقرير-١"
    assert safe_doc_id("CON") == "_CON"
    assert safe_doc_id("///").startswith("doc-")
    assert len(safe_doc_id("x" * 500)) <= 120


def test_truncate_at_sentence_boundary() -> None:
    text = "One sentence here. Another sentence there. " * 10
    cut = truncate_text(text, limit=100)
    assert len(cut) <= 100 and cut.endswith(".")
    assert truncate_text("short", limit=100) == "short"


def test_dates_to_iso_with_their_precision() -> None:
    assert to_iso_date("2024-12-08T10:00:00Z") == "2024-12-08"
    assert to_iso_date("Dec. 8, 2024") == "2024-12-08"
    assert to_iso_date("September 2021") == "2021-09"
    assert to_iso_date("2021") == "2021"
    assert to_iso_date("le 3 mars 2023") == "2023-03-03"
    assert to_iso_date("Monday") is None
    assert (to_iso_date("12.03.2024"), to_iso_date("25/12/2023"), to_iso_date("04/05/2023")) == (
        "2024-03-12",
        "2023-12-25",
        "2023",
    )
    assert to_iso_date("2024-02-30") is None
