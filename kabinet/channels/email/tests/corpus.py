"""The corpus of real-world-shaped mail (``corpus/*.eml``) and what each message must become.

The .eml files carry placeholders that a test fills in with its own tickets' numbers:
``{{NUMBER}}`` an open ticket of the contact's, ``{{AWAITING}}`` one returned to the
customer for information, ``{{CLOSED}}`` a closed one, ``{{OTHER}}`` another supplier's
ticket, ``{{DOMAIN}}`` Kabinet's mail domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kabinet.channels.email.models import Outcome

CORPUS = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class Case:
    file: str
    outcome: Outcome
    # "number", "awaiting", "closed", "new" (a ticket opened by this message) or None.
    ticket: str | None = None
    person: str | None = None  # the World attribute of the sender, when identified
    contains: tuple[str, ...] = ()  # in the timeline's text (reply) or the new ticket's text
    absent: tuple[str, ...] = ()  # quoted history, signatures, markup: not stored
    files: tuple[str, ...] = ()  # attachment names stored on the ticket
    answered: bool = False  # a polite answer went to the From address
    status: str | None = None  # the ticket's status afterwards
    trust: bool = False  # the mailbox trusts its MTA's Authentication-Results
    subject: str | None = None  # the new ticket's subject
    event_kind: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.file.removesuffix(".eml")


CASES = (
    Case(
        "01_outlook_reply_cp1251.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("Проблема повторилась сегодня в 9:40",),
        absent=("Исходный текст", "С уважением", "Original Message"),
        event_kind="customer_reply",
    ),
    Case(
        "02_outlook_reply_en.eml",
        Outcome.JOINED,
        ticket="number",
        person="admin",
        contains=("second warehouse",),
        absent=("Please describe the warehouse", "Best regards"),
        event_kind="customer_reply",
    ),
    Case(
        "03_gmail_reply_ru.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("после обновления платформы ошибка ушла",),
        absent=("Попробуйте обновить", "пн, 7 дек."),
    ),
    Case(
        "04_gmail_alternative.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("3 seconds instead of 40",),
        absent=("rebuilt the indexes", "wrote:"),
    ),
    Case(
        "05_thunderbird_reply.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("без логотипа",),
        absent=("пишет:", "Проверьте, пожалуйста"),
    ),
    Case(
        "06_yandex_subject_only.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("скриншот пришлю позже",),
        absent=("Удалось ли воспроизвести",),
    ),
    Case(
        "07_mailru_html_only.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("Спасибо, всё работает.",),
        absent=("исправили настройку", "<div", "blockquote"),
    ),
    Case(
        "08_1c_new_request_cp1251.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        subject="Ошибка при закрытии месяца",
        contains=("«Деление на 0»", "2.5.14.80"),
        status="registered",
    ),
    Case(
        "09_koi8r_new_request.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        subject="Не запускается клиент",
        contains=("Код ошибки 0x80004005",),
    ),
    Case(
        "10_cp1251_qp_new_request.eml",
        Outcome.OPENED,
        ticket="new",
        person="admin",
        subject="Добавить пользователя",
        contains=("«Кладовщики»",),
    ),
    Case(
        "11_html_only_new_request.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        contains=("sales report", "December", "Expected"),
        absent=("<b>", "alert(", "color:red", "<script"),
    ),
    Case(
        "12_inline_image_reply.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("See the screenshot",),
        files=("image001.png",),
    ),
    Case(
        "13_new_request_with_pdf.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        contains=("without the VAT line",),
        files=("счёт 15.pdf",),
    ),
    Case(
        "14_outlook_winmail_dat.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("Logs attached.",),
        files=("winmail.dat",),
    ),
    Case(
        "15_forwarded_inline_new.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        subject="Fwd: Exchange failed tonight",
        contains=("from our monitoring", "Exchange job EX-7 failed"),
    ),
    Case(
        "16_forwarded_as_attachment.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        contains=("not in the system",),
        files=("complaint.eml",),
    ),
    Case("17_autoreply_outlook_ru.eml", Outcome.AUTO_REPLY, ticket="number", status="registered"),
    Case("18_autoreply_x_autoreply.eml", Outcome.AUTO_REPLY, ticket="number"),
    Case("19_bounce_dsn.eml", Outcome.BOUNCE),
    Case("20_bounce_postmaster_plain.eml", Outcome.BOUNCE, ticket="number"),
    Case("21_spoofed_from_dmarc_fail.eml", Outcome.QUARANTINED, trust=True),
    Case("22_forged_auth_results.eml", Outcome.QUARANTINED, trust=True),
    Case(
        "23_authenticated_dkim_pass.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        trust=True,
        contains=("the document posts now",),
    ),
    Case("24_reply_to_spoof.eml", Outcome.QUARANTINED, answered=True),
    Case("25_display_name_spoof.eml", Outcome.QUARANTINED, answered=True),
    Case(
        "26_cc_outsider.eml",
        Outcome.QUARANTINED,
        ticket="number",
        person="outsider",
        answered=True,
    ),
    Case(
        "27_supplier_staff_reply.eml",
        Outcome.JOINED,
        ticket="number",
        person="engineer",
        contains=("preparing a fix",),
        status="in_progress",
        event_kind="public_reply",
    ),
    Case(
        "28_answer_to_return.eml",
        Outcome.JOINED,
        ticket="awaiting",
        person="contact",
        contains=("post document 15",),
        absent=("describe the steps",),
        status="in_progress",
        event_kind="customer_reply",
    ),
    Case(
        "29_closed_ticket_reply.eml",
        Outcome.REFUSED,
        ticket="closed",
        person="contact",
        status="closed",
        answered=True,
    ),
    Case(
        "30_no_message_id.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        contains=("nightly backup report",),
    ),
    Case(
        "31_lying_charset.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        contains=("Счёт-фактура не выгружается",),
        files=("original-text.txt",),
    ),
    Case("32_unknown_sender_new.eml", Outcome.QUARANTINED, answered=True),
    Case(
        "33_other_suppliers_number.eml",
        Outcome.OPENED,
        ticket="new",
        person="contact",
        contains=("other integrator",),
    ),
    Case("34_own_notification_loop.eml", Outcome.LOOP),
    Case("35_newsletter_list.eml", Outcome.AUTO_REPLY),
    Case(
        "36_too_large_attachment.eml",
        Outcome.JOINED,
        ticket="number",
        person="contact",
        contains=("technological log is attached",),
        answered=True,
        extra={"attachment_limit": 1000, "upload_place": True},
    ),
    Case(
        "37_mailru_mobile.eml",
        Outcome.JOINED,
        ticket="number",
        person="admin",
        contains=("заказы с сайта снова приходят",),
        absent=("Отправлено из мобильной", "перезапустили обмен"),
    ),
)


def load(file: str, placeholders: dict[str, str]) -> bytes:
    raw = (CORPUS / file).read_bytes()
    for name, value in placeholders.items():
        raw = raw.replace(f"{{{{{name}}}}}".encode(), value.encode())
    return raw
