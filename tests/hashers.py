from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with tiny costs, so the test suite does not spend its time hashing. Production uses
    Django's Argon2PasswordHasher (see tests/core/test_security.py)."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
