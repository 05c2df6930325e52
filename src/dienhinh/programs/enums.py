"""Subject types, rule kinds, rating and discipline levels, milestone kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectType(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")
    HOUSEHOLD = "household", _("Household")
    MODEL = "model", _("Model")


class DocKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    GUIDE = "guide", _("Guide")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In force")
    ARCHIVED = "archived", _("Archived")


class RuleKind(models.TextChoices):
    ATTEST = "attest", _("Attested by a reviewer")
    RATINGS_WINDOW = "ratings_window", _("Annual ratings over a window of years")
    OUTSTANDING_RECOGNITION = "outstanding_recognition", _("Recognised outstanding achievement")
    HOUSEHOLD_CULTURE = "household_culture", _("Cultural family, no violations")
    METRIC_THRESHOLD = "metric_threshold", _("Metric threshold")
    NO_DISCIPLINE = "no_discipline_at_or_above", _("No discipline at or above a level")
    BUSINESS_GROWTH = "business_growth", _("Business results above plan or last year")
    MODEL_SIZE = "model_size", _("Size of a production model")


class Rating(models.TextChoices):
    """Annual rating levels, high to low."""

    EXCELLENT = "htxs", _("Completed tasks excellently")  # hoàn thành xuất sắc nhiệm vụ
    GOOD = "htt", _("Completed tasks well")  # hoàn thành tốt nhiệm vụ
    COMPLETED = "ht", _("Completed tasks")  # hoàn thành nhiệm vụ
    NOT_COMPLETED = "kht", _("Did not complete tasks")  # không hoàn thành nhiệm vụ


RATING_ORDER = {Rating.EXCELLENT: 4, Rating.GOOD: 3, Rating.COMPLETED: 2, Rating.NOT_COMPLETED: 1}


class DisciplineLevel(models.TextChoices):
    """Disciplinary measures, lightest first."""

    REPRIMAND = "khien_trach", _("Reprimand")  # khiển trách
    WARNING = "canh_cao", _("Warning")  # cảnh cáo
    SALARY_DOWN = "ha_bac_luong", _("Salary grade reduced")  # hạ bậc lương
    DEMOTION = "giang_chuc", _("Demotion")  # giáng chức
    DISMISSAL_FROM_POST = "cach_chuc", _("Removal from post")  # cách chức
    DISMISSAL = "buoc_thoi_viec", _("Dismissal")  # buộc thôi việc


DISCIPLINE_ORDER = {level: i for i, level in enumerate(DisciplineLevel.values)}


class ViolationKind(models.TextChoices):
    LAW = "law", _("Breach of the law")
    TRAFFIC = "traffic", _("Traffic safety violation")
    SOCIAL_EVIL = "social_evil", _("Social evils")


class MilestoneKind(models.TextChoices):
    REGISTRATION_DEADLINE = "registration_deadline", _("Registration deadline")
    PRELIMINARY_REVIEW = "preliminary_review", _("Preliminary review")  # sơ kết
    FINAL_REVIEW = "final_review", _("Final review")  # tổng kết
    YEARLY_COMMENDATION = "yearly_commendation", _("Yearly commendation")
    CONFERENCE = "conference", _("Conference")
    CONGRESS = "congress", _("Patriotic Emulation Congress")
    SUBMISSION = "submission", _("Submission")


class QuotaPeriod(models.TextChoices):
    YEAR = "year", _("Per year")
    PERIOD = "period", _("Per program period")


class Metric(models.TextChoices):
    """Yearly figures a unit reports; the `metric_threshold` and `business_growth` rules read them."""

    PAR_INDEX = "par_index", _("PAR index")  # Chỉ số cải cách hành chính (CCHC)
    SATISFACTION_INDEX = "satisfaction_index", _("Satisfaction index")  # Chỉ số hài lòng
    LATE_DOSSIERS = "late_dossiers", _("Dossiers returned late")
    REVENUE = "revenue", _("Revenue")
    REVENUE_PLAN = "revenue_plan", _("Planned revenue")
    BUDGET_PAID = "budget_paid", _("State budget paid")
    BUDGET_PLAN = "budget_plan", _("Planned state budget payment")
    PROFIT = "profit", _("Profit")
    PROFIT_PLAN = "profit_plan", _("Planned profit")
    TAX_ARREARS = "tax_arrears", _("Tax arrears")


# Metrics given in per cent (0–100); the others are counts or amounts (≥ 0).
PERCENT_METRICS = frozenset({Metric.PAR_INDEX, Metric.SATISFACTION_INDEX})


class ModelMeasure(models.TextChoices):
    """Measures of a household production model (mô hình sản xuất)."""

    STABLE_YEARS = "stable_years", _("Years stable")
    HOUSEHOLDS_HELPED = "households_helped", _("Farming households helped")
    JOBS_CREATED = "jobs_created", _("Jobs created")
