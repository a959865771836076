"""The Merkle tree of RFC 6962 §2.1 / RFC 9162 §2.1, with SHA-256.

    leaf hash  = SHA-256(0x00 ‖ entry)
    node hash  = SHA-256(0x01 ‖ left ‖ right)
    MTH(D[n])  = the hash of the tree over n leaves, split at k = the largest power of two < n.

Proofs are produced from a function ``subtree(start, end)`` that returns the hash of the aligned perfect subtree
D[start:end] (end - start a power of two, start a multiple of it): the log keeps those hashes as it grows
(``models.LogNode``), so a root, an inclusion proof or a consistency proof costs O(log n) lookups, never a pass
over the leaves. Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 word for word; it needs nothing but the
standard library, so an outside verifier can copy this file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

Subtree = Callable[[int, int], bytes]
EMPTY_ROOT = hashlib.sha256(b"").digest()  # RFC 9162 §2.1.1: MTH({}) = SHA-256()


class VerifyError(ValueError):
    """A proof, root or signature that does not verify."""


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


# ---- reference computation over all leaves (tests, small trees) --------------------------------------------------
def root_of_leaves(hashes: Sequence[bytes]) -> bytes:
    """MTH over a list of leaf hashes, by the recursive definition (RFC 9162 §2.1.1)."""
    n = len(hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return hashes[0]
    k = _split(n)
    return node_hash(root_of_leaves(hashes[:k]), root_of_leaves(hashes[k:]))


def subtree_from_leaves(hashes: Sequence[bytes]) -> Subtree:
    return lambda start, end: root_of_leaves(hashes[start:end])


# ---- computation from stored perfect subtrees ----------------------------------------------------------------------
def range_hash(start: int, end: int, subtree: Subtree) -> bytes:
    """MTH(D[start:end]) for a range whose start is aligned to the largest power of two ≤ its size (every range
    the RFC's recursion visits is), composed from perfect subtrees."""
    n = end - start
    if n <= 0:
        raise ValueError("empty range")
    if n & (n - 1) == 0:
        return subtree(start, end)
    k = _split(n)
    return node_hash(subtree(start, start + k), range_hash(start + k, end, subtree))


def root(size: int, subtree: Subtree) -> bytes:
    return EMPTY_ROOT if size == 0 else range_hash(0, size, subtree)


def inclusion_proof(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1."""
    if not 0 <= index < size:
        raise ValueError("index out of range")

    def path(m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = _split(n)
        if m < k:
            return path(m, start, start + k) + [range_hash(start + k, end, subtree)]
        return path(m - k, start + k, end) + [range_hash(start, start + k, subtree)]

    return path(index, 0, size)


def consistency_proof(first: int, second: int, subtree: Subtree) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1 (empty when m = 0 or m = n)."""
    if not 0 <= first <= second:
        raise ValueError("sizes out of order")
    if first == 0 or first == second:
        return []

    def subproof(m: int, start: int, end: int, whole: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if whole else [range_hash(start, end, subtree)]
        k = _split(n)
        if m <= k:
            return subproof(m, start, start + k, whole) + [range_hash(start + k, end, subtree)]
        return subproof(m - k, start + k, end, False) + [range_hash(start, start + k, subtree)]

    return subproof(first, 0, second, True)


# ---- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) -----------------------------------------------------------------
def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    if not 0 <= index < size:
        raise VerifyError("leaf index is not below the tree size")
    if len(leaf) != 32 or any(len(p) != 32 for p in proof):
        raise VerifyError("hash of the wrong length")
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            raise VerifyError("proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise VerifyError("proof too short")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], expected_root: bytes) -> None:
    if root_from_inclusion_proof(index, size, leaf, proof) != expected_root:
        raise VerifyError("inclusion proof does not lead to the root")


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> None:
    if not 0 <= first <= second:
        raise VerifyError("the second tree is smaller than the first")
    if first == second:
        if proof:
            raise VerifyError("proof must be empty for equal sizes")
        if first_root != second_root:
            raise VerifyError("equal sizes with different roots")
        return
    if first == 0:
        if proof:
            raise VerifyError("proof must be empty from the empty tree")
        return
    if not proof:
        raise VerifyError("empty proof")
    if any(len(p) != 32 for p in proof):
        raise VerifyError("hash of the wrong length")
    path = list(proof)
    if first & (first - 1) == 0:  # step 2: a power of two — the first root is the first node of the path
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise VerifyError("proof too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise VerifyError("proof too short")
    if fr != first_root:
        raise VerifyError("consistency proof does not lead to the first root")
    if sr != second_root:
        raise VerifyError("consistency proof does not lead to the second root")
