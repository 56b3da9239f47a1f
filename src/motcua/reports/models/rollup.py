"""The summary tables the reports are summed from (see ``rules`` and docs/indicators.md).

``DossierFact``: one row per submitted dossier, what it counts as. ``DayBucket``: per (day, agency, procedure) the
sum of the facts' rules. ``MonthBucket``: the same per month, plus the stocks at the start of the month (open,
overdue), so a period report reads at most (months + edge days) × (agency, procedure) pairs.
``RollupMark``: dossiers whose fact must be recomputed (written by the transition listener, consumed by the task).
"""

from django.db import models


class DossierFact(models.Model):
    dossier = models.OneToOneField(
        "dossiers.Dossier", primary_key=True, on_delete=models.CASCADE, related_name="report_fact"
    )
    agency = models.ForeignKey("catalogue.Agency", on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalogue.Procedure", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8)
    received_day = models.DateField(null=True)
    finished_day = models.DateField(null=True)
    returned_day = models.DateField(null=True)
    overdue_day = models.DateField(null=True)
    supplement_day = models.DateField(null=True)
    payment_day = models.DateField(null=True)
    outcome = models.CharField(max_length=10, blank=True)
    timing = models.CharField(max_length=8, blank=True)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    processing_minutes = models.PositiveIntegerField(default=0)
    fee_due = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)
    digitised = models.BooleanField(default=False)
    reused = models.BooleanField(default=False)
    vneid = models.BooleanField(default=False)
    e_result = models.BooleanField(default=False)
    surveyed = models.BooleanField(default=False)
    complaint = models.BooleanField(default=False)
    survey_public_points = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "số liệu thống kê của hồ sơ"
        verbose_name_plural = "số liệu thống kê của hồ sơ"
        indexes = [
            models.Index(fields=["received_day", "agency"], name="fact_received"),
            models.Index(fields=["finished_day", "agency"], name="fact_finished"),
            models.Index(fields=["returned_day", "agency"], name="fact_returned"),
            models.Index(fields=["supplement_day", "agency"], name="fact_supplement"),
            models.Index(fields=["payment_day", "agency"], name="fact_payment"),
            models.Index(fields=["agency", "received_day"], name="fact_agency_received"),
        ]

    def __str__(self) -> str:
        return f"fact #{self.pk}"


class BucketBase(models.Model):
    agency = models.ForeignKey("catalogue.Agency", on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey("catalogue.Procedure", on_delete=models.PROTECT, related_name="+")
    # One column per rule of ``rules.RULES`` (a test checks they are the same list).
    received = models.BigIntegerField(default=0)
    received_online = models.BigIntegerField(default=0)
    received_counter = models.BigIntegerField(default=0)
    received_post = models.BigIntegerField(default=0)
    finished = models.BigIntegerField(default=0)
    finished_early = models.BigIntegerField(default=0)
    finished_on_time = models.BigIntegerField(default=0)
    finished_late = models.BigIntegerField(default=0)
    processing_minutes = models.BigIntegerField(default=0)
    refused = models.BigIntegerField(default=0)
    stopped = models.BigIntegerField(default=0)
    withdrawn = models.BigIntegerField(default=0)
    results = models.BigIntegerField(default=0)
    e_results = models.BigIntegerField(default=0)
    returned = models.BigIntegerField(default=0)
    supplement_requested = models.BigIntegerField(default=0)
    awaiting_payment = models.BigIntegerField(default=0)
    fee_due = models.BigIntegerField(default=0)
    paid_online = models.BigIntegerField(default=0)
    digitised = models.BigIntegerField(default=0)
    reused = models.BigIntegerField(default=0)
    vneid_online = models.BigIntegerField(default=0)
    surveys = models.BigIntegerField(default=0)
    complaints = models.BigIntegerField(default=0)
    survey_public_points = models.BigIntegerField(default=0)
    overdue_in = models.BigIntegerField(default=0)
    overdue_out = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class DayBucket(BucketBase):
    day = models.DateField()
    month = models.DateField()  # the first day of ``day``'s month

    class Meta:
        verbose_name = "tổng hợp theo ngày"
        verbose_name_plural = "tổng hợp theo ngày"
        constraints = [models.UniqueConstraint(fields=["day", "agency", "procedure"], name="daybucket_unique")]
        indexes = [models.Index(fields=["month", "agency"], name="daybucket_month")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.agency_id}/{self.procedure_id}"


class MonthBucket(BucketBase):
    month = models.DateField()  # the first day of the month
    open_start = models.BigIntegerField(default=0)  # received and not finished at the end of the previous month
    overdue_start = models.BigIntegerField(default=0)  # of which past their due day

    class Meta:
        verbose_name = "tổng hợp theo tháng"
        verbose_name_plural = "tổng hợp theo tháng"
        constraints = [models.UniqueConstraint(fields=["month", "agency", "procedure"], name="monthbucket_unique")]
        indexes = [models.Index(fields=["agency", "procedure", "month"], name="monthbucket_pair")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.agency_id}/{self.procedure_id}"


class RollupMark(models.Model):
    """A dossier whose statistics may have changed. Append-only: a transition never waits on the task's rows."""

    dossier_id = models.BigIntegerField()
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hồ sơ chờ tổng hợp"
        verbose_name_plural = "hồ sơ chờ tổng hợp"

    def __str__(self) -> str:
        return f"#{self.dossier_id}"


class RollupState(models.Model):
    """One row: the task's lock (``select_for_update``) and how far it has read the tables without transitions."""

    key = models.CharField(max_length=20, primary_key=True, default="main")
    survey_seen = models.BigIntegerField(default=0)  # SatisfactionSurvey ids already marked
    attempt_seen = models.BigIntegerField(default=0)  # PaymentAttempt ids already settled and marked
    refreshed_at = models.DateTimeField(null=True)
    months_through = models.DateField(null=True)  # month rows of every pair with something open exist up to it
    rebuilt_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "trạng thái tổng hợp"
        verbose_name_plural = "trạng thái tổng hợp"

    def __str__(self) -> str:
        return self.key
