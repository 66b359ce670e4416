"""Packages with their SLA targets, and contracts that bind a customer to a supplier."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Func, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from kabinet.contracts.calendars import (
    business_calendar,
    validate_calendar_spec,
    validate_time_zone,
)
from kabinet.orgs.models import Organisation, Person
from kabinet.worktime import Calendar

DEFAULT_ATTACHMENT_LIMIT = 5 * 1024 * 1024
DEFAULT_AUTO_CLOSE_DAYS = 5
DEFAULT_REOPEN_DAYS = 30
DEFAULT_LARGE_UPLOAD_LIMIT = 2 * 1024 * 1024 * 1024


class Criticality(models.IntegerChoices):
    """A ticket's level, 1 the most urgent; a package sets its targets per level. The pure
    SLA core knows the same levels as ``kabinet.sla.LEVELS``."""

    CRITICAL = 1, _("1 — critical: production stopped, no workaround")
    HIGH = 2, _("2 — high: production seriously impaired")
    STANDARD = 3, _("3 — standard")
    LOW = 4, _("4 — low: a question or a suggestion")

    @property
    def production_only(self) -> bool:
        """Levels 1 and 2 are only for production systems."""
        return self <= Criticality.HIGH


class PriorityChangeMode(models.TextChoices):
    RETROACTIVE = "retroactive", _("retroactive: new targets measured from registration")
    RESTART = "restart", _("restart: new targets start at the change")


class Channel(models.TextChoices):
    PORTAL = "portal", _("portal")
    EMAIL = "email", _("email")
    PHONE = "phone", _("phone")
    MESSENGER = "messenger", _("messenger")


class IntakeField(models.TextChoices):
    COMPANY = "company", _("company")
    DELIVERY_NUMBER = "delivery_number", _("main delivery number")
    CONTACT_NAME = "contact_name", _("contact person")
    CONTACT_PHONE = "contact_phone", _("phone")
    CONTACT_EMAIL = "contact_email", _("email")
    PRODUCT = "product", _("product and versions")
    CLIENT_ENVIRONMENT = "client_environment", _("client environment")
    SERVER_ENVIRONMENT = "server_environment", _("server environment")
    BUSINESS_IMPACT = "business_impact", _("business impact")
    STEPS_TO_REPRODUCE = "steps_to_reproduce", _("steps to reproduce")
    PAGE_ADDRESS = "page_address", _("page address")
    # Seed 001, Appendix 1, 4: "также рекомендуется подготовить" — offered, never required
    # unless a package makes them so.
    RECENT_CHANGES = "recent_changes", _("recent changes to the system")
    PERFORMANCE = "performance_before_after", _("performance before and after the problem")
    TEST_SCENARIO = "test_scenario", _("test scenario that reproduces the problem")


class RequestCategory(models.TextChoices):
    """What a ticket asks for (seeds 002-004): a support question, a consultation on
    configuration and development (seed 002: Business and Premium only), a wish for the
    product (seed 003, 3.4) or work outside support that is paid for (seed 004, 1)."""

    SUPPORT = "support", _("support question")
    CONFIGURATION = "configuration", _("configuration and development consultation")
    WISH = "wish", _("wish for the product")
    PAID_WORK = "paid_work", _("paid work outside support")


class TargetKind(models.TextChoices):
    REACTION = "reaction", _("reaction")
    UPDATE = "update", _("update interval")
    RESOLUTION = "resolution", _("resolution (standard, or any when not split)")
    RESOLUTION_NON_STANDARD = "resolution_non_standard", _("resolution (non-standard)")


class DurationUnit(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")


class CalendarKey(models.TextChoices):
    BUSINESS = "business", _("contract business calendar")
    ALWAYS = "24x7", _("24×7")


def term_end(start: dt.date, months: int) -> dt.date:
    """The last day of a term of ``months`` from ``start``: 12 months from 15 March 2026 end
    on 14 March 2027 (a start on the 31st ends on the day before the same date, clamped to
    the month's end)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    for day in range(start.day, 0, -1):
        try:
            return dt.date(year, month, day) - dt.timedelta(days=1 if day == start.day else 0)
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Package(models.Model):
    """An SLA policy sold by a supplier: targets, channels, intake rules, limits, and
    every other rule of the package, whichever app's feature reads it."""

    name = models.CharField(max_length=200)
    supplier = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="packages"
    )
    priority_change_mode = models.CharField(
        max_length=16, choices=PriorityChangeMode.choices, default=PriorityChangeMode.RETROACTIVE
    )
    workaround_resolves = models.BooleanField(default=True)
    allowed_channels = models.JSONField(default=list, blank=True)
    mandatory_intake_fields = models.JSONField(default=list, blank=True)
    attachment_size_limit = models.PositiveBigIntegerField(default=DEFAULT_ATTACHMENT_LIMIT)
    # Calendar days after closing during which the customer may reopen; 0: never.
    reopen_days = models.PositiveSmallIntegerField(default=DEFAULT_REOPEN_DAYS)
    # Working days (of the contract's business calendar) a proposed solution waits for the
    # customer's answer before the ticket closes by itself; 0: it waits for ever. The seeds
    # name no figure: 5, a working week, unless the package says otherwise.
    auto_close_days = models.PositiveSmallIntegerField(default=DEFAULT_AUTO_CLOSE_DAYS)
    # Per file in a ticket's upload place, for diagnostic data above attachment_size_limit.
    large_upload_limit = models.PositiveBigIntegerField(default=DEFAULT_LARGE_UPLOAD_LIMIT)
    # Seed 002: tickets are filed and reopened only by the contract's one responsible contact.
    single_responsible_contact = models.BooleanField(default=False)
    # Seed 003: a ticket handed to development stops its resolution clock until the release.
    release_wait_pauses_resolution = models.BooleanField(default=False)
    # Seed 001 (Appendix 1, 4; Appendix 2, 5): level 1 needs a production system and both
    # of the customer's confirmations (else it is registered as level 3), and a level-1
    # ticket whose customer does not answer within 1 hour drops to level 2.
    critical_conditions_apply = models.BooleanField(default=False)
    # Seed 001 (Appendix 2, 2.5): the kind of certificate, valid on the day, that a
    # partner's engineer needs to escalate on this package; blank: a valid one of any kind.
    escalation_certificate = models.CharField(max_length=100, blank=True)
    # Seed 001 (Appendix 2, 4.5): a partner escalates on this package only while it names at
    # least one organisational contact (an organisation admin) and two authorised engineers
    # holding a valid certificate (of ``escalation_certificate``'s kind, where it names one).
    escalation_requires_staff = models.BooleanField(default=False)
    # Seed 002: "Выделенный специалист" is in Premium only; seed 000's personal consultant.
    # Only a contract on such a package names one, and only then does it take new tickets.
    dedicated_specialist = models.BooleanField(default=False)
    # Seed 004, step 1: the intake form asks for screenshots (JPG, GIF, PNG) or a video
    # that shows the problem, attached while filing.
    asks_for_screenshots = models.BooleanField(default=False)
    # Seeds 002-004: the request categories (RequestCategory values) a ticket on this
    # package may have; empty: support questions only. Anything else is out of its scope.
    request_categories = models.JSONField(default=list, blank=True)
    # Seed 000: the service is sold for a fixed term ("на период в 12 месяцев"); a contract
    # on this package runs exactly that many months. Null: any term.
    term_months = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

    def categories(self) -> list[str]:
        """The request categories this package covers, support questions when it names none."""
        return list(self.request_categories) or [RequestCategory.SUPPORT.value]

    def requires_production(self, criticality: int) -> bool:
        """Seed 001: levels 1 and 2 are only for production systems, on a package that
        binds the critical levels to their conditions."""
        return self.critical_conditions_apply and Criticality(criticality).production_only

    def confirms_critical(self, criticality: int, confirmations: tuple[bool, bool]) -> bool:
        """False when a level-1 ticket lacks one of the customer's confirmations (24×7
        phone, email within 1 hour) that this package requires: it is registered as 3."""
        if criticality != Criticality.CRITICAL or not self.critical_conditions_apply:
            return True
        return all(confirmations)


class PackageTarget(models.Model):
    """One SLA target: for this criticality and kind, this much time on this calendar."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="targets")
    criticality = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(Criticality.CRITICAL), MaxValueValidator(Criticality.LOW)]
    )
    kind = models.CharField(max_length=32, choices=TargetKind.choices)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=16, choices=DurationUnit.choices)
    calendar = models.CharField(max_length=16, choices=CalendarKey.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["package", "criticality", "kind"], name="package_target_unique"
            ),
        )


class Contract(models.Model):
    supplier = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="supplied_contracts"
    )
    customer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="customer_contracts"
    )
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="contracts")
    number = models.CharField(max_length=100)
    valid_from = models.DateField()
    valid_to = models.DateField()
    seats = models.PositiveIntegerField(default=1)
    time_zone = models.CharField(
        max_length=64, default="Europe/Moscow", validators=[validate_time_zone]
    )
    business_calendar = models.JSONField(default=dict, validators=[validate_calendar_spec])
    personal_consultant = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="consulted_contracts"
    )
    responsible_contacts = models.ManyToManyField(
        Person, blank=True, related_name="responsible_for_contracts"
    )
    # Other contracts of the same customer this one needs in force (seed 000: an add-on to a
    # main 1С:ИТС/1С:КП contract; seed 001, 2.4: 1С:РКЛ and ИТС ПРОФ); filing and escalation
    # refuse while one of them is not (``contracts.prerequisites``).
    requires = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by"
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["supplier", "number"], name="contract_number_unique"),
        )

    def __str__(self) -> str:
        return self.number

    def covers(self, day: dt.date) -> bool:
        """True if the contract is in force on day (both ends inclusive)."""
        return self.valid_from <= day <= self.valid_to

    def clean(self) -> None:
        """A package sold for a fixed term: the contract runs exactly that many months; a
        personal consultant only on a package that includes a dedicated specialist."""
        consultant = self.personal_consultant_id is not None
        if consultant and self.package_id is not None and not self.package.dedicated_specialist:
            raise ValidationError(
                {
                    "personal_consultant": _(
                        "The package “%(package)s” does not include a dedicated specialist."
                    )
                    % {"package": self.package.name}
                }
            )
        term = self.package.term_months if self.package_id is not None else None
        if term and self.valid_from and self.valid_to != term_end(self.valid_from, term):
            raise ValidationError(
                {
                    "valid_to": _(
                        "The package is sold for %(months)s months: the contract runs from "
                        "%(start)s to %(end)s."
                    )
                    % {
                        "months": term,
                        "start": self.valid_from.isoformat(),
                        "end": term_end(self.valid_from, term).isoformat(),
                    }
                }
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local_date(self, moment: dt.datetime) -> dt.date:
        """The day ``moment`` falls on in the contract's time zone: the contract's "today"
        when ``moment`` is now (validity, term years and partner statuses are counted in
        these days)."""
        return moment.astimezone(self.zone).date()

    def calendar(self) -> Calendar:
        """The contract's business calendar in its agreed time zone."""
        return business_calendar(self.business_calendar, self.time_zone)


# The package's targets of a contract read in the contract's own statement: one text per
# target, its fields joined by ":", the targets joined by ";" (no field holds either sign).
PACKAGE_TARGET_ROWS = "package_target_rows"
_TARGET_FIELDS = ("criticality", "kind", "amount", "unit", "calendar")


def with_package_targets(contracts: models.QuerySet[Contract]) -> models.QuerySet[Contract]:
    """``contracts`` carrying their package's targets, for ``package_targets_of``: read in
    the same statement as the contract, so never older than the package row beside them."""
    # The fields joined with "||" in one expression (every one is NOT NULL): the same text
    # as ``Concat``, whose nested pairs of COALESCE cost several times more to compile, on
    # every registration.
    row = Func(
        *(Cast(name, models.TextField()) for name in _TARGET_FIELDS),
        template="(%(expressions)s)",
        arg_joiner=" || ':' || ",
        output_field=models.TextField(),
    )
    rows = (
        PackageTarget.objects.filter(package=OuterRef("package"))
        .values("package")
        .annotate(rows=StringAgg(row, Value(";")))
        .values("rows")
    )
    targets = Coalesce(Subquery(rows), Value(""), output_field=models.TextField())
    return contracts.annotate(**{PACKAGE_TARGET_ROWS: targets})


def package_targets_of(contract: Contract) -> list[PackageTarget]:
    """The targets of the contract's package: those read with the contract where it came
    from ``with_package_targets``, else read now."""
    rows: str | None = getattr(contract, PACKAGE_TARGET_ROWS, None)
    if rows is None:
        return list(contract.package.targets.all())
    targets = []
    for text in filter(None, rows.split(";")):
        criticality, kind, amount, unit, calendar = text.split(":")
        targets.append(
            PackageTarget(
                package_id=contract.package_id,
                criticality=int(criticality),
                kind=kind,
                amount=int(amount),
                unit=unit,
                calendar=calendar,
            )
        )
    return targets
