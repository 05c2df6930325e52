"""Reasons: why a criterion passed, failed or lacks data, rendered in the active language.

A `Reason` keeps an English msgid and its values; it becomes text only when read (`str()`),
so the same verdict reads in Vietnamese or English (`in_language`), and bulk evaluation does not
spend time formatting sentences nobody reads. Each msgid carries a translator comment with the
intended Vietnamese wording.
"""

import datetime
from collections.abc import Iterable

from django.utils import formats, numberformat, translation
from django.utils.translation import gettext, gettext_noop, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dienhinh.programs.enums import PERCENT_METRICS, Metric, ModelMeasure


class Num:
    """A figure, printed with the active language's decimal separator ("86,5%" / "86.5%")."""

    __slots__ = ("value", "percent")

    def __init__(self, value: float, percent: bool = False):
        self.value = value
        self.percent = percent

    def __str__(self) -> str:
        value = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, float):
            value = round(value, 2)
        # Amounts in thousands grouped the local way ("135.000" / "135,000").
        text = numberformat.format(
            value,
            formats.get_format("DECIMAL_SEPARATOR"),
            grouping=3 if abs(value) >= 1000 else 0,
            thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
            force_grouping=True,
        )
        return f"{text}%" if self.percent else text


def metric_num(metric: str, value: float) -> Num:
    return Num(value, percent=metric in PERCENT_METRICS)


class Years:
    """A set of years: "2020–2024" when consecutive, else "2020, 2022"."""

    __slots__ = ("years",)

    def __init__(self, years: Iterable[int]):
        self.years = sorted(set(years))

    def __str__(self) -> str:
        ys = self.years
        if len(ys) > 2 and ys[-1] - ys[0] == len(ys) - 1:
            return f"{ys[0]}–{ys[-1]}"
        return ", ".join(str(y) for y in ys)


class Lower:
    """A label read in lower case inside a sentence ("Hộ gia đình" -> "hộ gia đình")."""

    __slots__ = ("label",)

    def __init__(self, label):
        self.label = label

    def __str__(self) -> str:
        return str(self.label).lower()


def _render(value):
    if isinstance(value, Reason | Num | Years):
        return str(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)  # lazy translations become text here, in the active language


class Reason:
    """One sentence: an English msgid (or a lazy plural message) with its named values."""

    __slots__ = ("message", "params")

    def __init__(self, message, **params):
        self.message = message
        self.params = params

    def __str__(self) -> str:
        values = {key: _render(value) for key, value in self.params.items()}
        if isinstance(self.message, str):
            return gettext(self.message) % values
        # ngettext_lazy(..., "count"): the plural form follows the raw count.
        return self.message % {**values, "count": self.params.get("count", 1)}

    def __repr__(self) -> str:
        return f"Reason({self.message!r}, {self.params!r})"

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return str(self)


class Joined:
    """Several reasons read as one: "...; ..."."""

    __slots__ = ("parts",)

    def __init__(self, parts: list):
        self.parts = parts

    def __str__(self) -> str:
        texts = [str(p) for p in self.parts]
        return "; ".join(texts[:1] + [lower_first(t) for t in texts[1:]])

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return str(self)


def lower_first(text: str) -> str:
    """A clause read inside a sentence starts in lower case ("Nợ đọng thuế" -> "nợ đọng
    thuế"), an acronym excepted ("PAR index", "CCHC")."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def join(parts: list):
    return parts[0] if len(parts) == 1 else Joined(parts)


# Levels and kinds as they read inside a sentence (lower case).
RATING_PHRASE = {
    # Translators: inside a sentence; Vietnamese "hoàn thành xuất sắc nhiệm vụ"
    "htxs": pgettext_lazy("rating", "completed tasks excellently"),
    # Translators: inside a sentence; Vietnamese "hoàn thành tốt nhiệm vụ"
    "htt": pgettext_lazy("rating", "completed tasks well"),
    # Translators: inside a sentence; Vietnamese "hoàn thành nhiệm vụ"
    "ht": pgettext_lazy("rating", "completed tasks"),
    # Translators: inside a sentence; Vietnamese "không hoàn thành nhiệm vụ"
    "kht": pgettext_lazy("rating", "did not complete tasks"),
}
DISCIPLINE_PHRASE = {
    "khien_trach": pgettext_lazy("discipline", "reprimand"),  # khiển trách
    "canh_cao": pgettext_lazy("discipline", "warning"),  # cảnh cáo
    "ha_bac_luong": pgettext_lazy("discipline", "salary grade reduction"),  # hạ bậc lương
    "giang_chuc": pgettext_lazy("discipline", "demotion"),  # giáng chức
    "cach_chuc": pgettext_lazy("discipline", "removal from post"),  # cách chức
    "buoc_thoi_viec": pgettext_lazy("discipline", "dismissal"),  # buộc thôi việc
}
VIOLATION_PHRASE = {
    # Translators: Vietnamese "vi phạm pháp luật"
    "law": _("breaking the law"),
    # Translators: Vietnamese "vi phạm an toàn giao thông"
    "traffic": _("breaking traffic safety rules"),
    # Translators: Vietnamese "tệ nạn xã hội"
    "social_evil": _("social evils"),
}
METRIC_LABEL = dict(Metric.choices)
MEASURE_LABEL = dict(ModelMeasure.choices)

# ratings_window
# Translators: Vietnamese "Năm %(year)s xếp loại %(rating)s, dưới mức %(level)s"
RATING_BELOW = gettext_noop("In %(year)s rated %(rating)s, below %(level)s")
# Translators: Vietnamese "Chưa có kết quả xếp loại năm %(years)s"
RATING_MISSING = gettext_noop("No rating recorded for %(years)s")
# Translators: Vietnamese "Các năm %(span)s xếp loại %(level)s trở lên nhưng chưa đủ %(count)s năm %(top)s"
RATING_NO_TOP = ngettext_lazy(
    "%(span)s rated %(level)s or above, but no year %(top)s",
    "%(span)s rated %(level)s or above, but fewer than %(count)s years %(top)s",
    "count",
)
# Translators: Vietnamese "Các năm %(span)s xếp loại %(level)s trở lên; %(top)s năm %(top_years)s"
RATING_PASS = gettext_noop("%(span)s rated %(level)s or above; %(top)s in %(top_years)s")
# Translators: Vietnamese "Chưa xác định có thuộc đối tượng đánh giá, xếp loại hằng năm hay không"
RATED_UNKNOWN = gettext_noop("Not recorded whether the subject is rated every year")

# outstanding_recognition
# Translators: Vietnamese "Được cấp có thẩm quyền ghi nhận năm %(year)s: %(text)s"
RECOGNITION_PASS = gettext_noop("Recognised by a competent authority in %(year)s: %(text)s")
# Translators: Vietnamese "Chưa có văn bản ghi nhận thành tích nổi trội trong các năm %(span)s"
RECOGNITION_MISSING = gettext_noop(
    "No recognition of outstanding achievement recorded for %(span)s"
)
# Translators: Vietnamese "Các văn bản ghi nhận (năm %(years)s) nằm ngoài khoảng %(span)s"
RECOGNITION_OUTSIDE = gettext_noop("The recognitions recorded (%(years)s) fall outside %(span)s")

# household_culture
# Translators: Vietnamese "Chưa có kết quả công nhận gia đình văn hóa"
CULTURE_MISSING = gettext_noop("No cultural family recognition recorded")
# Translators: Vietnamese "Không được công nhận gia đình văn hóa năm %(years)s"
CULTURE_GAP = gettext_noop("Not recognised as a cultural family in %(years)s")
# Translators: Vietnamese "Năm %(year)s có thành viên gia đình %(violation)s"
VIOLATION_FOUND = gettext_noop(
    "In %(year)s a member of the household was recorded for %(violation)s"
)
# Translators: Vietnamese "Gia đình văn hóa các năm %(span)s, không có thành viên vi phạm"
CULTURE_PASS = gettext_noop("Cultural family in %(span)s, no violation recorded")

# metric_threshold
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s, đạt ngưỡng %(threshold)s"
METRIC_REACHED = gettext_noop(
    "%(metric)s in %(year)s was %(value)s, reaching the threshold of %(threshold)s"
)
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s, dưới ngưỡng %(threshold)s"
METRIC_BELOW = gettext_noop(
    "%(metric)s in %(year)s was %(value)s, below the threshold of %(threshold)s"
)
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s, không vượt mức %(threshold)s"
METRIC_WITHIN = gettext_noop(
    "%(metric)s in %(year)s was %(value)s, within the limit of %(threshold)s"
)
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s, vượt mức %(threshold)s"
METRIC_ABOVE = gettext_noop(
    "%(metric)s in %(year)s was %(value)s, above the limit of %(threshold)s"
)
# Translators: Vietnamese "%(metric)s năm %(year)s: không có" (the guide's words lead)
METRIC_NONE = gettext_noop("%(metric)s in %(year)s: none")
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s, yêu cầu không có"
METRIC_SOME = gettext_noop("%(metric)s in %(year)s was %(value)s, where none is allowed")
# Translators: Vietnamese "%(metric)s năm %(years)s: chưa có số liệu"
METRIC_MISSING = gettext_noop("%(metric)s not recorded for %(years)s")

# no_discipline_at_or_above
# Translators: Vietnamese "Năm %(year)s có cán bộ bị kỷ luật %(discipline)s, từ mức %(level)s trở lên"
DISCIPLINE_FOUND = gettext_noop(
    "In %(year)s a staff member was disciplined with %(discipline)s, at or above %(level)s"
)
# Translators: Vietnamese "Năm %(years)s không có cán bộ bị kỷ luật từ %(level)s trở lên (%(discipline)s năm %(year)s dưới mức này)"
DISCIPLINE_BELOW = gettext_noop(
    "No discipline at or above %(level)s in %(years)s (%(discipline)s in %(year)s is below it)"
)
# Translators: Vietnamese "Năm %(years)s không có cán bộ bị kỷ luật từ %(level)s trở lên"
DISCIPLINE_NONE = gettext_noop("No discipline at or above %(level)s in %(years)s")

# business_growth
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s, vượt kế hoạch %(plan)s"
GROWTH_ABOVE_PLAN = gettext_noop("%(metric)s in %(year)s was %(value)s, above the plan of %(plan)s")
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s, tăng so với %(previous)s năm %(prev_year)s"
GROWTH_ABOVE_PREVIOUS = gettext_noop(
    "%(metric)s in %(year)s was %(value)s, up from %(previous)s in %(prev_year)s"
)
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s, không vượt kế hoạch %(plan)s, không tăng so với %(previous)s năm %(prev_year)s"
GROWTH_FAIL = gettext_noop(
    "%(metric)s in %(year)s was %(value)s, not above the plan of %(plan)s "
    "nor the %(previous)s of %(prev_year)s"
)
# Translators: Vietnamese "%(metric)s năm %(year)s là %(value)s; chưa có kế hoạch hoặc số liệu năm trước để so sánh"
GROWTH_NO_COMPARISON = gettext_noop(
    "%(metric)s in %(year)s was %(value)s; no plan or previous year to compare with"
)

# model_size
# Translators: Vietnamese "%(measure)s: %(value)s, đạt mức %(threshold)s"
MEASURE_REACHED = gettext_noop("%(measure)s: %(value)s, reaching %(threshold)s")
# Translators: Vietnamese "%(measure)s: %(value)s, chưa đạt mức %(threshold)s"
MEASURE_BELOW = gettext_noop("%(measure)s: %(value)s, below %(threshold)s")
# Translators: Vietnamese "Chưa có số liệu: %(measure)s"
MEASURE_MISSING = gettext_noop("%(measure)s: not recorded")

# a field without any criterion for the subject's type (see engine.ProgramRules.evaluate)
# Translators: Vietnamese "Lĩnh vực %(field)s không có tiêu chí cho %(subject)s"
FIELD_EMPTY = gettext_noop("Field %(field)s has no criterion for %(subject)s")
# a field whose criteria name other subject types only (d.1 names "tập thể, cá nhân"): the
# registration must move to a field that names the subject's type
# Translators: Vietnamese "Lĩnh vực %(field)s không áp dụng cho %(subject)s; các lĩnh vực áp dụng: %(fields)s"
FIELD_NOT_FOR_TYPE = gettext_noop(
    "Field %(field)s does not apply to %(subject)s; the fields that do: %(fields)s"
)

# attest
# Translators: Vietnamese "Người thẩm định xác nhận theo minh chứng"
ATTEST = gettext_noop("To be confirmed by a reviewer with evidence")
# Translators: Vietnamese "%(by)s xác nhận ngày %(day)s (minh chứng: %(evidence)s): %(note)s"
ATTESTED = gettext_noop("Attested by %(by)s on %(day)s (evidence: %(evidence)s): %(note)s")
# Translators: Vietnamese "%(by)s không xác nhận ngày %(day)s (minh chứng: %(evidence)s): %(note)s"
REFUSED = gettext_noop("Refused by %(by)s on %(day)s (evidence: %(evidence)s): %(note)s")
