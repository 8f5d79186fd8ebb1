"""Encryption at rest and keyed hashes for sensitive identifiers (citizen ID numbers)."""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings


def _derived(purpose: bytes) -> bytes:
    return hmac.new(settings.FIELD_ENCRYPTION_KEY.encode(), purpose, hashlib.sha256).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derived(b"neuguong.field-encryption")))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode() if token else ""


def keyed_hash(value: str) -> str:
    """Deterministic HMAC so that an exact value can be found without storing it in clear."""
    if not value:
        return ""
    return hmac.new(_derived(b"neuguong.search-hash"), value.encode(), hashlib.sha256).hexdigest()


def keyed_digest(purpose: bytes, data: bytes) -> str:
    """HMAC-SHA256 of ``data`` under a key derived for ``purpose``: comparable, not reversible."""
    return hmac.new(_derived(purpose), data, hashlib.sha256).hexdigest()


def encrypt_bytes(data: bytes) -> bytes:
    """Encryption at rest for files (job results); the token carries its own integrity check."""
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet().decrypt(token)
