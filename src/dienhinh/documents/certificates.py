"""Certificates of honours (Giấy khen, Bằng khen): one landscape A4 page per honour in the
official layout, with a QR code and a short code that open the portal's verification page; or,
for pre-printed blanks, only the variable text at positions set per form (in mm)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from dienhinh.documents.model import place_and_date
from dienhinh.documents.render.pdf import FONT_DIR, font_faces, weasyprint_html
from dienhinh.honours.domain.codes import code_for
from dienhinh.honours.enums import HonourForm
from dienhinh.honours.models import Honour

TITLES: dict[str, str] = {
    HonourForm.DIPLOMA_OF_MERIT: "BẰNG KHEN",
    HonourForm.CERTIFICATE_OF_MERIT: "GIẤY KHEN",
    HonourForm.EMULATION_FIGHTER: "BẰNG CHỨNG NHẬN CHIẾN SĨ THI ĐUA",
    HonourForm.OTHER: "GIẤY CHỨNG NHẬN",
}
# Print on blanks: where each variable text goes on the pre-printed form, in mm from the top
# left corner of a landscape A4 sheet (x is the centre of a centred line). Adjust per form with
# a JSON file named by DIENHINH["CERTIFICATE_POSITIONS_FILE"]: {"bang_khen": {"name": [148, 92]}}.
BLANK_POSITIONS: dict[str, dict[str, tuple[float, float]]] = {
    HonourForm.DIPLOMA_OF_MERIT: {
        "name": (148.5, 92),
        "organisation": (148.5, 106),
        "achievement": (148.5, 118),
        "decision": (75, 168),
        "place_date": (205, 150),
        "code": (24, 172),
    },
    HonourForm.CERTIFICATE_OF_MERIT: {
        "name": (148.5, 88),
        "organisation": (148.5, 102),
        "achievement": (148.5, 114),
        "decision": (75, 165),
        "place_date": (205, 146),
        "code": (24, 172),
    },
}


@dataclass(frozen=True)
class Certificate:
    honour_id: int
    form: str
    title: str
    authority: str
    name: str
    organisation: str
    achievement: str
    level: str
    decision: str
    place_date: str
    code: str
    url: str
    qr: str  # an SVG data URI
    revoked: bool


def positions(form: str) -> dict[str, tuple[float, float]]:
    base = dict(BLANK_POSITIONS.get(form) or BLANK_POSITIONS[HonourForm.DIPLOMA_OF_MERIT])
    path = settings.DIENHINH.get("CERTIFICATE_POSITIONS_FILE")
    if path:
        overrides = json.loads(Path(path).read_text(encoding="utf-8")).get(form, {})
        base.update({k: (float(v[0]), float(v[1])) for k, v in overrides.items()})
    return base


def verification_url(code: str) -> str:
    return settings.DIENHINH["SITE_URL"] + reverse("portal:verify", args=[code])


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#000")


def certificate(honour: Honour) -> Certificate:
    decision = honour.decision
    program = decision.program
    code = code_for(honour.pk)
    url = verification_url(code)
    return Certificate(
        honour_id=honour.pk,
        form=decision.form,
        title=TITLES.get(decision.form, TITLES[HonourForm.OTHER]),
        authority=decision.authority.upper(),
        name=honour.exemplar.candidate.name,
        organisation=honour.exemplar.organisation.name,
        achievement=(
            "Đã có thành tích xuất sắc trong phong trào xây dựng và nhân rộng điển hình tiên tiến, "
            f"mô hình tiêu biểu theo {program.number}, năm {honour.exemplar.year}."
        ),
        level=decision.level,
        decision=f"Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y}",
        place_date=place_and_date(program.place or "", decision.date),
        code=code,
        url=url,
        qr=qr_data_uri(url),
        revoked=honour.is_revoked,
    )


def decision_honours(decision_id: int):
    """The honours of a decision in force, in the decision's order, with what a page shows."""
    return (
        Honour.objects.current()
        .filter(decision_id=decision_id)
        .select_related("decision__program", "exemplar__candidate", "exemplar__organisation")
        .order_by("id")
    )


def render_html(certificates: Iterable[Certificate], *, blank: bool = False) -> str:
    # As CSS strings here: the template would print 148.5 as "148,5" in Vietnamese.
    places: dict[str, dict[str, tuple[str, str]]] = {}
    pairs = []
    for c in certificates:
        if blank and c.form not in places:
            places[c.form] = {k: (f"{x}mm", f"{y}mm") for k, (x, y) in positions(c.form).items()}
        pairs.append((c, places.get(c.form, {})))
    return render_to_string(
        "documents/pdf/certificate.html",
        {"certificates": pairs, "fonts": font_faces(), "blank": blank},
    )


def render_certificates(
    honours: Iterable[Honour],
    *,
    blank: bool = False,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """One PDF, a page per honour; `progress` hears percentages as the work goes."""
    report = progress or (lambda _p: None)
    certs = []
    items = list(honours)
    for i, honour in enumerate(items, 1):
        certs.append(certificate(honour))
        if i % 50 == 0:
            report(10 + 30 * i // max(1, len(items)))
    report(40)
    HTML = weasyprint_html()
    document = HTML(string=render_html(certs, blank=blank), base_url=str(FONT_DIR)).render()
    report(80)
    return document.write_pdf()


def certificates_filename(decision, blank: bool = False) -> str:
    number = "".join(ch if ch.isalnum() else "-" for ch in decision.number).strip("-").lower()
    return f"bang-khen-giay-khen-{number}{'-in-phoi' if blank else ''}.pdf"
