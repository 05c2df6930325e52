import pytest

from dienhinh.core.legacy_encodings import detect, to_unicode


@pytest.mark.parametrize(
    ("typed", "expected", "encoding"),
    [
        ("NguyÔn V¨n A", "Nguyễn Văn A", "tcvn3"),
        ("Lª V\xa8n L\xad\xacng", "Lê Văn Lương", "tcvn3"),
        ("Nguyeãn Vaên Bình", "Nguyễn Văn Bình", "vni"),
        ("Sôû Y teá tænh Lai Chaâu", "Sở Y tế tỉnh Lai Châu", "vni"),
        ("Ñaø Naüng", "Đà Nẵng", "vni"),
    ],
)
def test_legacy_text_is_converted(typed, expected, encoding):
    assert to_unicode(typed) == (expected, encoding)


@pytest.mark.parametrize("text", ["Nguyễn Văn A", "Thuê hoà tiên", "Bac si", "", "Lê Văn"])
def test_unicode_text_is_left_alone(text):
    assert detect(text) is None
