import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dienhinh.core.text import fold, name_sort_key, nfc, search_words


def test_fold_removes_diacritics_and_case():
    assert fold("ĐIỂN HÌNH Tiên Tiến") == "dien hinh tien tien"
    assert fold("Nguyễn Văn An") == fold("nguyen van an")


def test_fold_of_decomposed_text_equals_fold_of_composed():
    decomposed = unicodedata.normalize("NFD", "Hộ gia đình văn hóa")
    assert fold(decomposed) == "ho gia dinh van hoa"


def test_nfc_composes_and_collapses_spaces():
    assert nfc(unicodedata.normalize("NFD", "  Lê   Văn  Lương ")) == "Lê Văn Lương"


def test_names_sort_by_given_name_first():
    names = ["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị Anh"]
    assert sorted(names, key=name_sort_key) == ["Nguyễn Văn An", "Lê Thị Anh", "Trần Văn Bình"]


def test_names_sort_in_vietnamese_letter_order():
    # a ă â ... d đ ... o ô ơ ... u ư
    names = [
        "Lê Văn Đức",
        "Lê Văn Dũng",
        "Lê Thị Ân",
        "Lê Thị Ăn",
        "Lê Thị An",
        "Lê Văn Ơn",
        "Lê Văn Ôn",
        "Lê Văn On",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Lê Thị An",
        "Lê Thị Ăn",
        "Lê Thị Ân",
        "Lê Văn Dũng",
        "Lê Văn Đức",
        "Lê Văn On",
        "Lê Văn Ôn",
        "Lê Văn Ơn",
    ]


def test_same_given_name_sorts_by_family_name():
    assert sorted(["Trần Văn An", "Bùi Thị An"], key=name_sort_key) == ["Bùi Thị An", "Trần Văn An"]


def test_tone_breaks_ties_within_a_word_only():
    assert sorted(["Lê Ánh", "Trần Anh", "Bùi Anh"], key=name_sort_key) == [
        "Bùi Anh",
        "Trần Anh",
        "Lê Ánh",
    ]


def test_sort_key_is_digits_only_so_every_collation_agrees():
    assert name_sort_key("Đặng Thị Thu Hà").isdigit()


@given(
    st.lists(
        st.sampled_from(["An", "Ân", "Anh", "Bình", "Đức", "Dũng", "Hoa", "Hòa", "Ơn", "Ư"]),
        min_size=1,
        max_size=4,
    )
)
def test_sort_key_orders_like_the_key_of_its_words(words):
    name = " ".join(words)
    assert name_sort_key(name) == name_sort_key(nfc(unicodedata.normalize("NFD", name)))


def test_unit_names_sort_by_their_first_word():
    from dienhinh.core.text import title_sort_key

    names = [
        "Khoa Hồi sức tích cực – Chống độc",
        "Bệnh viện Đa khoa",
        "Đội Cảnh sát",
        "Ban Dân tộc",
    ]
    assert sorted(names, key=title_sort_key) == [
        "Ban Dân tộc",
        "Bệnh viện Đa khoa",
        "Đội Cảnh sát",
        "Khoa Hồi sức tích cực – Chống độc",
    ]


def test_search_words_keeps_folded_words_one_space_apart():
    assert search_words("LC-SYT, Sở Y tế (Lai Châu)") == "lc syt so y te lai chau"
    assert search_words("  Đỗ   Thị\tÂn ") == "do thi an"
    assert search_words(None) == ""


@given(st.text())
def test_search_words_has_no_empty_word(text):
    words = search_words(text)
    assert "  " not in words and words == words.strip()
