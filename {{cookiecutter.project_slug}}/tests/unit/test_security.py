"""Password hashing at the configured cost, and access tokens that only this service's key and HS256 can make."""

import base64
import hmac
import json
import uuid
from typing import Any

import jwt
import pytest

from backend.config import Settings
from backend.security import create_access_token, password_hasher, read_access_token
from backend.utils.time import utc_now
from tests.conftest import settings_for_tests

OTHER_KEY = "another-signing-key-of-at-least-32-bytes"
# Long enough for HS512 too, so that only the algorithm can be what a token signed with it gets wrong.
LONG_KEY = "a-signing-key-long-enough-for-every-hmac-algorithm-0123456789abcdef"


def segment(data: bytes) -> str:
    """``data`` as a JWT segment: base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(header: dict[str, Any], claims: dict[str, Any], key: str, digest: str = "sha256") -> str:
    """A token with exactly this header and these claims, signed by HMAC with ``digest`` (whatever the header says)."""
    signing_input = f"{segment(json.dumps(header).encode())}.{segment(json.dumps(claims).encode())}"
    signature = hmac.new(key.encode(), signing_input.encode(), digest).digest()
    return f"{signing_input}.{segment(signature)}"


def claims_for(user_id: uuid.UUID, *, minutes: int = 5) -> dict[str, Any]:
    """Claims of a token issued now, naming ``user_id``, that expires in ``minutes`` (past when negative)."""
    now = int(utc_now().timestamp())
    return {"sub": str(user_id), "iat": now, "exp": now + minutes * 60}


def key_of(settings: Settings) -> str:
    return settings.secret_key.get_secret_value()


class TestPasswordHasher:
    def test_hash_then_verify_accepts_the_password_and_refuses_another(self, settings: Settings) -> None:
        # Arrange
        hasher = password_hasher(settings)

        # Act
        hashed = hasher.hash("correct horse battery staple")

        # Assert
        assert "correct horse" not in hashed
        assert hasher.verify("correct horse battery staple", hashed)
        assert not hasher.verify("correct horse battery stapler", hashed)

    @pytest.mark.parametrize(("time_cost", "memory_kib", "parallelism"), [(1, 8, 1), (2, 16, 2)])
    def test_hash_uses_argon2id_at_the_cost_the_settings_give(
        self, time_cost: int, memory_kib: int, parallelism: int
    ) -> None:
        # Arrange
        settings = settings_for_tests(
            password_time_cost=time_cost, password_memory_kib=memory_kib, password_parallelism=parallelism
        )

        # Act
        hashed = password_hasher(settings).hash("correct horse battery staple")

        # Assert
        assert hashed.startswith(f"$argon2id$v=19$m={memory_kib},t={time_cost},p={parallelism}$")

    def test_hash_of_same_password_twice_differs_by_salt(self, settings: Settings) -> None:
        # Act
        first, second = (password_hasher(settings).hash("same password") for _ in range(2))

        # Assert
        assert first != second


class TestAccessToken:
    def test_token_created_then_read_names_the_user(self, settings: Settings) -> None:
        # Arrange
        user_id = uuid.uuid4()

        # Act
        token = create_access_token(user_id, settings)

        # Assert
        assert read_access_token(token, settings) == user_id

    def test_token_is_hs256_and_expires_after_the_configured_minutes(self) -> None:
        # Arrange
        settings = settings_for_tests(access_token_minutes=7)

        # Act
        token = create_access_token(uuid.uuid4(), settings)

        # Assert
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
        assert header["alg"] == "HS256"
        assert claims["exp"] - claims["iat"] == 7 * 60

    def test_token_from_other_settings_key_is_refused(self, settings: Settings) -> None:
        # Arrange
        token = create_access_token(uuid.uuid4(), settings_for_tests(secret_key=OTHER_KEY))

        # Act / Assert
        assert read_access_token(token, settings) is None

    def test_token_signed_with_another_key_is_refused(self, settings: Settings) -> None:
        # Arrange
        token = signed({"alg": "HS256", "typ": "JWT"}, claims_for(uuid.uuid4()), OTHER_KEY)

        # Act / Assert
        assert read_access_token(token, settings) is None

    def test_token_signed_by_hand_with_the_key_is_accepted(self, settings: Settings) -> None:
        # Arrange: the helper the refusals below use makes valid tokens when nothing is wrong
        user_id = uuid.uuid4()
        token = signed({"alg": "HS256", "typ": "JWT"}, claims_for(user_id), key_of(settings))

        # Act / Assert
        assert read_access_token(token, settings) == user_id

    def test_token_with_alg_none_and_no_signature_is_refused(self, settings: Settings) -> None:
        # Arrange
        header = segment(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        token = f"{header}.{segment(json.dumps(claims_for(uuid.uuid4())).encode())}."

        # Act / Assert
        assert read_access_token(token, settings) is None

    @pytest.mark.parametrize(
        ("alg", "digest"),
        [("HS512", "sha512"), ("HS384", "sha384"), ("RS256", "sha256")],
    )
    def test_token_whose_header_names_another_algorithm_is_refused(self, alg: str, digest: str) -> None:
        # Arrange: signed with the service's own key, so only the algorithm is wrong
        settings = settings_for_tests(secret_key=LONG_KEY)
        token = signed({"alg": alg, "typ": "JWT"}, claims_for(uuid.uuid4()), LONG_KEY, digest)

        # Act / Assert
        assert read_access_token(token, settings) is None

    def test_token_past_its_expiry_is_refused(self, settings: Settings) -> None:
        # Arrange
        token = signed({"alg": "HS256"}, claims_for(uuid.uuid4(), minutes=-1), key_of(settings))

        # Act / Assert
        assert read_access_token(token, settings) is None

    def test_token_issued_in_the_future_is_refused(self, settings: Settings) -> None:
        # Arrange
        claims = claims_for(uuid.uuid4(), minutes=10)
        claims["iat"] += 5 * 60
        token = signed({"alg": "HS256"}, claims, key_of(settings))

        # Act / Assert
        assert read_access_token(token, settings) is None

    @pytest.mark.parametrize("claim", ["sub", "iat", "exp"])
    def test_token_without_a_required_claim_is_refused(self, settings: Settings, claim: str) -> None:
        # Arrange
        claims = claims_for(uuid.uuid4())
        del claims[claim]
        token = signed({"alg": "HS256"}, claims, key_of(settings))

        # Act / Assert
        assert read_access_token(token, settings) is None

    @pytest.mark.parametrize("sub", ["not-a-uuid", "", 12345], ids=["text", "empty", "number"])
    def test_token_whose_sub_is_not_a_uuid_is_refused(self, settings: Settings, sub: object) -> None:
        # Arrange
        token = signed({"alg": "HS256"}, claims_for(uuid.uuid4()) | {"sub": sub}, key_of(settings))

        # Act / Assert
        assert read_access_token(token, settings) is None

    def test_token_with_tampered_signature_is_refused(self, settings: Settings) -> None:
        # Arrange: the first signature character carries whole bits (the last may carry only padding)
        header, claims, signature = create_access_token(uuid.uuid4(), settings).split(".")
        tampered = f"{header}.{claims}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"

        # Act / Assert
        assert read_access_token(tampered, settings) is None

    def test_token_with_tampered_claims_is_refused(self, settings: Settings) -> None:
        # Arrange: the same signature over claims naming someone else
        header, _, signature = create_access_token(uuid.uuid4(), settings).split(".")
        other = segment(json.dumps(claims_for(uuid.uuid4())).encode())

        # Act / Assert
        assert read_access_token(f"{header}.{other}.{signature}", settings) is None

    @pytest.mark.parametrize("token", ["", "not-a-token", "a.b.c", "\u00e9.\u00e9.\u00e9"])
    def test_malformed_token_is_refused(self, settings: Settings, token: str) -> None:
        # Act / Assert
        assert read_access_token(token, settings) is None
