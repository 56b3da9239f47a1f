"""The signature a receiver checks: HMAC-SHA256 over "<t>.<body>", in constant time, within five minutes."""

import hashlib
import hmac
from pathlib import Path

from motcua.integrations.signing import signature_header, signature_verify

SECRET = "whsec_test"
BODY = b'{"id":"e1","type":"dossier.received"}'


def test_the_header_is_the_documented_hmac_of_timestamp_dot_body():
    expected = hmac.new(SECRET.encode(), b"1767225600." + BODY, hashlib.sha256).hexdigest()
    assert signature_header(secret=SECRET, body=BODY, timestamp=1767225600) == f"t=1767225600,v1={expected}"


def test_a_receiver_accepts_what_was_signed_with_its_secret():
    header = signature_header(secret=SECRET, body=BODY)
    assert signature_verify(secret=SECRET, body=BODY, header=header)


def test_a_changed_body_another_secret_or_a_missing_header_is_refused():
    header = signature_header(secret=SECRET, body=BODY)
    assert not signature_verify(secret=SECRET, body=BODY + b" ", header=header)
    assert not signature_verify(secret="whsec_other", body=BODY, header=header)
    assert not signature_verify(secret=SECRET, body=BODY, header="")
    assert not signature_verify(secret="", body=BODY, header=header)
    for broken in ("t=abc,v1=00", "v1=00", "t=1767225600", "garbage"):
        assert not signature_verify(secret=SECRET, body=BODY, header=broken, now=1767225600)


def test_an_old_or_future_timestamp_is_refused_as_a_replay():
    header = signature_header(secret=SECRET, body=BODY, timestamp=1767225600)
    assert signature_verify(secret=SECRET, body=BODY, header=header, now=1767225600 + 300)
    assert not signature_verify(secret=SECRET, body=BODY, header=header, now=1767225600 + 301)
    assert not signature_verify(secret=SECRET, body=BODY, header=header, now=1767225600 - 301)


def test_one_valid_signature_among_several_is_enough_while_a_secret_is_being_renewed():
    good = signature_header(secret=SECRET, body=BODY, timestamp=1767225600).split(",")[1]
    header = f"t=1767225600,v1={'0' * 64},{good}"
    assert signature_verify(secret=SECRET, body=BODY, header=header, now=1767225600)


def test_the_verification_snippet_in_the_docs_accepts_our_signature_and_refuses_a_forgery():
    docs = (Path(__file__).resolve().parents[4] / "docs" / "integrations.md").read_text()
    snippet = docs.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(snippet, "docs/integrations.md", "exec"), namespace)  # noqa: S102  (our own documentation)
    verify = namespace["verify"]
    header = signature_header(secret=SECRET, body=BODY)
    assert verify(SECRET, BODY, header)
    assert not verify(SECRET, BODY + b"x", header) and not verify("whsec_other", BODY, header)
    assert not verify(SECRET, BODY, signature_header(secret=SECRET, body=BODY, timestamp=1))
