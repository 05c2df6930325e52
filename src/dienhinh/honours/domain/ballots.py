"""Sealed ballots: a key pair per vote session, the private half kept outside the database.

A ballot is sealed for the session's X25519 public key (an ephemeral key pair per ballot, HKDF-SHA256,
AES-256-GCM): `ephemeral public key (32) ‖ nonce (12) ‖ ciphertext of the choice padded to 16 bytes
(16) ‖ tag (16)`, 76 bytes whatever the choice, and two ballots of the same choice never look
alike. The candidate and the session's key id are bound in as associated data, so a sealed ballot
cannot be moved to another candidate or session.

The private key is a file `<key id>.key` (mode 0600) in `settings.DIENHINH["BALLOT_KEY_DIR"]`
(default `var/ballot-keys/`), never in the database or its backups; it is read only when the
session closes, and deleted once the ballots are counted, so that afterwards nobody, not even
whoever holds the server, can open a ballot again.
"""

import os
import uuid
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PLAIN_BYTES = 16
SEALED_BYTES = 32 + 12 + PLAIN_BYTES + 16
_RAW = serialization.Encoding.Raw
_INFO = b"dienhinh sealed ballot v1"


class KeyMissing(Exception):
    """The session's private key is not on this server (lost, or already destroyed)."""


def key_dir() -> Path:
    return Path(settings.DIENHINH["BALLOT_KEY_DIR"])


def _key_path(key_id: uuid.UUID | None) -> Path:
    return key_dir() / f"{uuid.UUID(str(key_id))}.key"


def create_key() -> tuple[uuid.UUID, bytes]:
    """A new key pair: the private key written to its file, (key id, raw public key) returned."""
    key_id = uuid.uuid4()
    private = X25519PrivateKey.generate()
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    fd = os.open(_key_path(key_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)
        handle.flush()
        os.fsync(handle.fileno())
    return key_id, private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def has_key(key_id: uuid.UUID | None) -> bool:
    return key_id is not None and _key_path(key_id).exists()


def destroy_key(key_id: uuid.UUID | None) -> None:
    """Overwrite and delete the private key; the session's ballots can never be opened again."""
    path = _key_path(key_id)
    if path.exists():
        with open(path, "r+b") as handle:
            handle.write(os.urandom(32))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()


def _derive(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO + ephemeral + recipient
    ).derive(shared)


def context(key_id: uuid.UUID | None, exemplar_id: int) -> bytes:
    return f"{key_id}:{exemplar_id}".encode()


def seal(public_key: bytes, choice: str, aad: bytes) -> bytes:
    plain = choice.encode("ascii")
    if len(plain) > PLAIN_BYTES:
        raise ValueError("choice too long")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes(public_key)))
    nonce = os.urandom(12)
    body = AESGCM(_derive(shared, ephemeral_public, bytes(public_key))).encrypt(
        nonce, plain.ljust(PLAIN_BYTES, b"\0"), aad
    )
    return ephemeral_public + nonce + body


def open_all(key_id: uuid.UUID | None, sealed: list[tuple[bytes, bytes]]) -> list[str | None]:
    """The choices of (sealed ballot, associated data) pairs; None for a ballot that fails to open
    (altered, or moved from another candidate)."""
    path = _key_path(key_id)
    if not path.exists():
        raise KeyMissing(str(key_id))
    private = X25519PrivateKey.from_private_bytes(path.read_bytes())
    recipient = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    choices: list[str | None] = []
    for box, aad in sealed:
        box = bytes(box)
        if len(box) != SEALED_BYTES:
            choices.append(None)
            continue
        ephemeral, nonce, body = box[:32], box[32:44], box[44:]
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        try:
            plain = AESGCM(_derive(shared, ephemeral, recipient)).decrypt(nonce, body, aad)
        except InvalidTag:
            choices.append(None)
            continue
        choices.append(plain.rstrip(b"\0").decode("ascii"))
    return choices
