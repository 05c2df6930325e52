"""Benchmark: signing a registration form, and 500 certificates in one PDF.

    .venv/bin/python bench/signing.py [--certificates 500] [--repeat 5]

Builds a fresh SQLite database under var/bench/ (migrations, `load_demo`) and demo keys under
var/bench/keys, then measures, best of --repeat:

  sign   the product's signing step (`documents.signing.sign.sign_pdf`: the unit's PKCS#12 key
         opened, the visible block drawn — signature, seal, name, title, time —, the field added,
         PAdES signature) on the rendered form, against pyHanko signing the same PDF bytes
         directly with the same key (no block). Target: at most 2×.
  certs  `documents.certificates.render_certificates` for a decision of N honours (reading them,
         codes, QR codes, template, WeasyPrint), against WeasyPrint writing the same HTML
         (already built) without the product around it. Target: at most 2×.
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
BENCH = ROOT / "var" / "bench"


def setup() -> None:
    BENCH.mkdir(parents=True, exist_ok=True)
    db = BENCH / "signing.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["SIGNING_KEYS_DIR"] = str(BENCH / "keys")
    os.environ["MEDIA_ROOT"] = str(BENCH / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienhinh.settings")
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", stdout=quiet)
    call_command("make_demo_keys", stdout=quiet)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_sign(repeat: int) -> tuple[float, float]:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from dienhinh.documents.forms.registration import build_registration_form
    from dienhinh.documents.render.pdf import render_signable
    from dienhinh.documents.signing.keys import key_for
    from dienhinh.documents.signing.service import signer_info
    from dienhinh.documents.signing.sign import sign_pdf
    from dienhinh.documents.sources import registration_form_data
    from dienhinh.orgs.models import Organisation
    from dienhinh.programs.models import Program

    org = Organisation.objects.get(code="LC-SYT")
    program = Program.objects.get(code="lai-chau-2533")
    doc = build_registration_form(registration_form_data(program, org, 2024))
    data, where = render_signable(doc)
    key = key_for(org, inherit=False)
    info = signer_info(key)

    def product():
        sign_pdf(data, key, info, where)

    def bare():
        signer = signers.SimpleSigner.load_pkcs12(str(key.p12), passphrase=None)
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        meta = signers.PdfSignatureMetadata(
            field_name="Signature1", subfilter=fields.SigSeedSubFilter.PADES
        )
        signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=io.BytesIO())

    product(), bare()  # warm-up: imports, fonts
    return best(product, repeat), best(bare, repeat)


def make_decision(n: int):
    from django.contrib.auth import get_user_model
    from tests.honours import factories

    from dienhinh.honours.domain import decisions
    from dienhinh.honours.enums import HonourForm
    from dienhinh.registrations.enums import ExemplarState

    exemplars = [
        factories.exemplar(
            "LC-SYT", state=ExemplarState.SELECTED, name=f"Nguyễn Thị Điển Hình {i:03d}"
        )
        for i in range(n)
    ]
    return decisions.record_decision(
        actor=get_user_model().objects.get(username="lc.snv"),
        program=exemplars[0].program,
        exemplars=exemplars,
        number="500/QĐ-UBND",
        date=datetime.date(2025, 12, 1),
        authority="Chủ tịch Ủy ban nhân dân tỉnh Lai Châu",
        form=HonourForm.DIPLOMA_OF_MERIT,
        override_reason="Khen thưởng đột xuất",
    )


def bench_certificates(n: int, repeat: int) -> tuple[float, float, int]:
    from dienhinh.documents import certificates
    from dienhinh.documents.render.pdf import FONT_DIR, weasyprint_html

    decision = make_decision(n)
    honours = list(certificates.decision_honours(decision.pk))
    html = certificates.render_html([certificates.certificate(h) for h in honours])
    HTML = weasyprint_html()
    size = 0

    def product():
        nonlocal size
        size = len(certificates.render_certificates(certificates.decision_honours(decision.pk)))

    def bare():
        HTML(string=html, base_url=str(FONT_DIR)).write_pdf()

    return best(product, repeat), best(bare, repeat), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--certificates", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    product, bare = bench_sign(args.repeat)
    print(f"sign one form: product {product * 1000:.0f} ms, pyHanko directly {bare * 1000:.0f} ms, "
          f"ratio {product / bare:.2f} (target ≤ 2)")  # fmt: skip
    product, bare, size = bench_certificates(args.certificates, max(1, args.repeat // 2))
    print(f"{args.certificates} certificates: product {product:.1f} s, WeasyPrint bare {bare:.1f} s, "
          f"ratio {product / bare:.2f} (target ≤ 2), {size / 1e6:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
