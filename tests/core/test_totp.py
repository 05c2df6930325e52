"""RFC 6238 and RFC 4226 test vectors, replay and drift."""

import pytest

from dienhinh.core import totp

RFC4226_KEY = b"12345678901234567890"
RFC4226_CODES = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]
SHA1_KEY = b"12345678901234567890"
SHA256_KEY = b"12345678901234567890123456789012"
SHA512_KEY = b"1234567890" * 6 + b"1234"
# RFC 6238, appendix B: (time, SHA-1, SHA-256, SHA-512), eight digits.
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize("counter", range(10))
def test_hotp_matches_rfc4226(counter):
    assert totp.hotp(RFC4226_KEY, counter) == RFC4226_CODES[counter]


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC6238)
def test_totp_matches_rfc6238(at, sha1, sha256, sha512):
    assert totp.totp(SHA1_KEY, at, digits=8) == sha1
    assert totp.totp(SHA256_KEY, at, digits=8, digest="sha256") == sha256
    assert totp.totp(SHA512_KEY, at, digits=8, digest="sha512") == sha512


def _code(secret, at):
    return totp.totp(totp._key(secret), at)


def test_a_code_matches_its_step_and_one_either_side_only():
    secret = totp.new_secret()
    now = 1_700_000_000
    assert totp.matching_step(secret, _code(secret, now), now) == totp.step_at(now)
    assert totp.matching_step(secret, _code(secret, now - 30), now) == totp.step_at(now) - 1
    assert totp.matching_step(secret, _code(secret, now + 30), now) == totp.step_at(now) + 1
    assert totp.matching_step(secret, _code(secret, now - 90), now) is None


def test_a_used_step_is_not_accepted_again():
    secret = totp.new_secret()
    now = 1_700_000_000
    code = _code(secret, now)
    assert totp.matching_step(secret, code, now, after_step=totp.step_at(now)) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef"])
def test_malformed_codes_match_nothing(code):
    assert totp.matching_step(totp.new_secret(), code, 1_700_000_000) is None


def test_the_provisioning_uri_carries_secret_and_issuer():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "lc.canbo", "dienhinh")
    assert uri.startswith("otpauth://totp/dienhinh%3Alc.canbo?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri and "issuer=dienhinh" in uri
