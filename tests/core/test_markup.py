"""`core.markup.esc` escapes exactly as Django's `conditional_escape` (the rows written in Python
must read as the templates wrote them)."""

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st

from dienhinh.core.markup import esc


@given(st.text())
def test_text_is_escaped_as_django_escapes_it(text):
    assert esc(text) == conditional_escape(text)


def test_markup_values_and_lazy_text():
    for value in [
        mark_safe("<b>đã duyệt</b>"),
        None,
        42,
        "Phòng \"Tổ chức\" & <Lai Châu> 'x'",
    ]:
        assert esc(value) == str(conditional_escape(value))
    with override("vi"):
        lazy = gettext_lazy("Data missing")
        assert esc(lazy) == str(conditional_escape(lazy)) == "Thiếu dữ liệu"
