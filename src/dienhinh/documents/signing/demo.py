"""A demo certificate authority and demo signing certificates, written under KEYS_DIR (var/keys by
default, never in the repository). Real deployments use VGCA-issued keys instead."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from dienhinh.documents.signing.keys import DEMO_CA_NAME

CA_KEY_NAME = "demo-ca.key"
CA_COMMON_NAME = "Điển hình tiên tiến – CA thử nghiệm (demo)"


@dataclass(frozen=True)
class DemoSigner:
    code: str  # the organisation's code: the file is <code>.p12
    name: str  # the signer (a person, or the organisation itself)
    title: str
    organisation: str


def _name(common_name: str, organisation: str = "", title: str = ""):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    if title:
        attrs.append(x509.NameAttribute(NameOID.TITLE, title[:64]))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]))
    return x509.Name(attrs)


def _ca(folder: Path):
    """The demo CA's key and certificate, made once and read afterwards."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key_path, cert_path = folder / CA_KEY_NAME, folder / DEMO_CA_NAME
    if key_path.is_file() and cert_path.is_file():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    name = _name(CA_COMMON_NAME, "dienhinh demo")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def make_demo_keys(folder: Path, signers: list[DemoSigner], passphrase: str = "") -> list[Path]:
    """Write the demo CA and one PKCS#12 file per signer that has none yet; returns the files
    written (none on a second run)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12

    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    ca_key, ca_cert = _ca(folder)
    written = []
    now = datetime.datetime.now(datetime.UTC)
    for s in signers:
        path = folder / f"{s.code}.p12"
        if path.is_file():
            continue
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(s.name, s.organisation, s.title))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
            .sign(ca_key, hashes.SHA256())
        )
        encryption = (
            serialization.BestAvailableEncryption(passphrase.encode())
            if passphrase
            else serialization.NoEncryption()
        )
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(s.code.encode(), key, cert, [ca_cert], encryption)
        )
        path.chmod(0o600)
        written.append(path)
    return written
