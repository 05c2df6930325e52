"""Vietnamese text typed in the legacy TCVN3 (ABC) or VNI fonts, detected and turned into Unicode.

Old Word and Excel files were typed with fonts such as .VnTime (TCVN3) or VNI-Times, whose
letters are Latin-1 code points: "Nguyễn" arrives as "NguyÔn" (TCVN3) or "Nguyeãn" (VNI).
"""

import re
import unicodedata

# TCVN3 (ABC): one byte per letter; capitals with tones used a separate font, same bytes.
_TCVN3_LETTERS = (
    "à\xb5 ả\xb6 ã\xb7 á\xb8 ạ\xb9 ă\xa8 ằ\xbb ẳ\xbc ẵ\xbd ắ\xbe ặ\xc6 â\xa9 ầ\xc7 ẩ\xc8 ẫ\xc9 ấ\xca "
    "ậ\xcb đ\xae è\xcc ẻ\xce ẽ\xcf é\xd0 ẹ\xd1 ê\xaa ề\xd2 ể\xd3 ễ\xd4 ế\xd5 ệ\xd6 ì\xd7 ỉ\xd8 ĩ\xdc "
    "í\xdd ị\xde ò\xdf ỏ\xe1 õ\xe2 ó\xe3 ọ\xe4 ô\xab ồ\xe5 ổ\xe6 ỗ\xe7 ố\xe8 ộ\xe9 ơ\xac ờ\xea ở\xeb "
    "ỡ\xec ớ\xed ợ\xee ù\xef ủ\xf1 ũ\xf2 ú\xf3 ụ\xf4 ư\xad ừ\xf5 ử\xf6 ữ\xf7 ứ\xf8 ự\xf9 ỳ\xfa ỷ\xfb "
    "ỹ\xfc ý\xfd ỵ\xfe Ă\xa1 Â\xa2 Ê\xa3 Ô\xa4 Ơ\xa5 Ư\xa6 Đ\xa7"
)
TCVN3 = {pair[1]: pair[0] for pair in _TCVN3_LETTERS.split()}
# Code points that real Vietnamese text never uses: their presence gives TCVN3 away.
_TCVN3_TELLS = set(
    "\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xb5\xb6\xb7\xb8\xb9\xbb\xbc\xbd\xbe"
)

_TONES = {"sac": "\u0301", "huyen": "\u0300", "hoi": "\u0309", "nga": "\u0303", "nang": "\u0323"}
_VNI_TONE = {"ù": "sac", "ø": "huyen", "û": "hoi", "õ": "nga", "ï": "nang"}
_VNI_HAT = {"á": "sac", "à": "huyen", "å": "hoi", "ã": "nga", "ä": "nang"}  # after â ê ô
_VNI_BREVE = {"é": "sac", "è": "huyen", "ú": "hoi", "ü": "nga", "ë": "nang"}  # after ă


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(key: str, base: str, tone: str | None = None) -> None:
        value = unicodedata.normalize("NFC", base + (_TONES[tone] if tone else ""))
        table[key] = value
        table[key.upper()] = value.upper()

    for base in "aeouy":
        for mark, tone in _VNI_TONE.items():
            add(base + mark, base, tone)
    for base, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        add(base + "â", hat)
        for mark, tone in _VNI_HAT.items():
            add(base + mark, hat, tone)
    add("aê", "ă")
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, "ă", tone)
    for byte, base in (("ô", "ơ"), ("ö", "ư")):
        add(byte, base)
        for mark, tone in _VNI_TONE.items():
            add(byte + mark, base, tone)
    for byte, letter in (("ñ", "đ"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ")):
        add(byte, letter)
    return table


VNI = _vni_table()
_VNI_TELLS = set("ñöøåäëïæüûîÑÖØÅÄËÏÆÜÛÎ")
# Vowel + mark pairs that no Unicode Vietnamese word contains ("aâ", "eâ", "oâ", "aê", "aù"...).
_VNI_PAIR = re.compile(r"[aeAE][âêÂÊùúÙÚ]|[oO][âÂùÙ]|[uyUY][ùÙõÕ]")


def detect(text: str) -> str | None:
    """'tcvn3', 'vni' or None (Unicode, or nothing to tell)."""
    if not text or max(text) > "\xff":
        return None  # real Unicode Vietnamese letters: already converted
    if not _TCVN3_TELLS.isdisjoint(text):
        return "tcvn3"
    if not _VNI_TELLS.isdisjoint(text) or _VNI_PAIR.search(text):
        return "vni"
    return None


def _convert_vni(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in VNI:
            out.append(VNI[pair])
            i += 2
        else:
            out.append(VNI.get(text[i], text[i]))
            i += 1
    return "".join(out)


def convert(text: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return unicodedata.normalize("NFC", "".join(TCVN3.get(ch, ch) for ch in text))
    if encoding == "vni":
        return unicodedata.normalize("NFC", _convert_vni(text))
    return text


def to_unicode(text: str) -> tuple[str, str | None]:
    """(Unicode text, the legacy encoding it was typed in or None)."""
    encoding = detect(text)
    return (convert(text, encoding), encoding) if encoding else (text, None)
