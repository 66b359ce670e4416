"""Quoted history and signatures cut from replies, in the shapes Russian and English mail
clients write them; the text itself is never cut to nothing."""

from __future__ import annotations

import pytest

from kabinet.channels.email.html_text import html_to_text
from kabinet.channels.email.quoting import strip_quoted


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Готово.\n\nОт: Поддержка <s@p.test>\nОтправлено: 7 декабря 2026 г.\nТема: x\n\nold",
            "Готово.",
        ),
        ("Ок\n\n07.12.2026 10:00, Поддержка пишет:\n> old", "Ок"),
        ("Да\n\nпн, 7 дек. 2026 г. в 10:00, Поддержка <s@p.test>:\n\n> old", "Да"),
        ("Yes.\n\nOn Mon, Dec 7, 2026 at 10:00 AM Support <s@p.test> wrote:\n> old", "Yes."),
        ("Спасибо!\n\nС уважением,\nИван\nООО Ромашка", "Спасибо!"),
        ("Thanks\n\n--\nJohn\n+7 495 000", "Thanks"),
        ("Принято\n\nОтправлено с iPhone", "Принято"),
        ("Вот лог\n________________________________\nОт: s@p.test\nold", "Вот лог"),
    ],
)
def test_quotes_and_signatures_are_cut(text: str, kept: str) -> None:
    assert strip_quoted(text) == kept


def test_a_greeting_signature_line_high_up_is_text() -> None:
    text = "С уважением,\nпрошу проверить\n" + "\n".join(f"строка {i}" for i in range(12))
    assert strip_quoted(text).startswith("С уважением,\nпрошу проверить")


def test_html_becomes_text_without_markup_or_scripts() -> None:
    html = "<style>p{}</style><script>alert(1)</script><p>A <b>b</b></p><p>c &amp; d</p>"
    text = html_to_text(html)
    assert "A b" in text and "c & d" in text
    assert "alert" not in text and "<" not in text


def test_broken_html_still_gives_its_text() -> None:
    assert "unclosed" in html_to_text("<div><p>unclosed <b>tags")
