"""Snippets: the window around the first matching word, every match inside it marked."""

from __future__ import annotations

from kabinet.stems import query_stems, snippet


def test_a_snippet_marks_every_match_in_its_window_and_stops_there() -> None:
    text = "Начало. " + "слово " * 30 + "Ошибки <печати> счета. " + "ещё " * 40 + "ошибкой"
    shown = snippet([text], query_stems("ошибки печати"), width=80)
    assert "<mark>Ошибки</mark> &lt;<mark>печати</mark>&gt; счета." in shown
    assert shown.startswith("…") and shown.endswith("…")
    assert "ошибкой" not in shown  # beyond the window


def test_without_a_match_the_start_of_the_first_text() -> None:
    assert snippet(["", "Просто <текст>"], query_stems("ошибка")) == "Просто &lt;текст&gt;"
