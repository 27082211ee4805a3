"""The server's own Ed25519 verifier (PL/pgSQL) agrees with RFC 8032 and with PyNaCl."""

from __future__ import annotations

import os
import random
from typing import Any

import psycopg
import pytest
from nacl.signing import SigningKey

from deptlib import Department

# RFC 8032, section 7.1: TEST 1, 2, 3 and SHA(abc) (secret key, message, public key, signature).
RFC_8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "72",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "af82",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
    (
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    ),
]
L = 2**252 + 27742317777372353535851937790883648493


@pytest.fixture
def con(department: Department) -> Any:
    with department.admin(autocommit=True) as connection:
        yield connection


def verify(con: psycopg.Connection[Any], public: bytes, message: bytes, signature: bytes) -> bool:
    return bool(con.execute("SELECT brightline.ed25519_verify(%s, %s, %s)", (public, message, signature)).fetchone()[0])


@pytest.mark.parametrize(("secret", "message", "public", "signature"), RFC_8032)
def test_the_rfc_8032_vectors_verify_and_any_change_does_not(
    con: psycopg.Connection[Any], secret: str, message: str, public: str, signature: str
) -> None:
    key, msg, sig = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    assert bytes(SigningKey(bytes.fromhex(secret)).verify_key) == key  # the vector is the RFC's
    assert verify(con, key, msg, sig)
    assert not verify(con, key, msg + b"x", sig)
    for position in (0, 31, 32, 63):  # R and S, both ends
        changed = bytearray(sig)
        changed[position] ^= 0x01
        assert not verify(con, key, msg, bytes(changed))
    other = bytes(SigningKey(bytes.fromhex(secret)[::-1]).verify_key)
    assert not verify(con, other, msg, sig)


def test_it_agrees_with_pynacl_on_random_keys_and_messages(con: psycopg.Connection[Any]) -> None:
    rng = random.Random(16)
    for n in range(12):
        key = SigningKey(bytes(rng.getrandbits(8) for _ in range(32)))
        message = os.urandom(rng.randrange(0, 300 * (n + 1)))
        signature = key.sign(message).signature
        assert verify(con, bytes(key.verify_key), message, signature)
        wrong = bytearray(message or b"\0")
        wrong[rng.randrange(len(wrong))] ^= 1 << rng.randrange(8)
        assert not verify(con, bytes(key.verify_key), bytes(wrong), signature)


def test_malformed_keys_and_signatures_are_refused_not_errors(con: psycopg.Connection[Any]) -> None:
    _, message, public, signature = (bytes.fromhex(x) for x in RFC_8032[1])
    # S + L is the same point but not canonical: a malleable signature is refused.
    s = int.from_bytes(signature[32:], "little")
    malleable = signature[:32] + (s + L).to_bytes(32, "little")
    assert not verify(con, public, message, malleable)
    # Wrong lengths, a y that is not below p, a point not on the curve.
    assert not verify(con, public[:31], message, signature)
    assert not verify(con, public, message, signature[:63])
    assert not verify(con, b"\xff" * 31 + b"\x7f", message, signature)
    not_on_curve, on_curve = (2).to_bytes(32, "little"), (3).to_bytes(32, "little")  # x^2 has no root for y=2
    decode = "SELECT brightline.ed25519_decode(%s) IS NULL"
    assert con.execute(decode, (not_on_curve,)).fetchone()[0]
    assert not con.execute(decode, (on_curve,)).fetchone()[0]
    assert not verify(con, not_on_curve, message, signature)
