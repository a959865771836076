"""RFC 6962 Merkle tree and C2SP signed notes against the known-answer vectors of public implementations:
the RFC 6962 vectors of Certificate Transparency's reference code as kept in transparency-dev/merkle
(proof/verify_test.go: eight leaves, roots of every size, inclusion and consistency proofs) and the Go signed-note
vector (golang.org/x/mod/sumdb/note: the PeterNeumann key, note and signature)."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.tlog import merkle, note

h = bytes.fromhex
LEAVES = [h(""), h("00"), h("10"), h("2021"), h("3031"), h("40414243"), h("5051525354555657"),
          h("606162636465666768696a6b6c6d6e6f")]
ROOTS = [h(x) for x in (
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
# (leaf number counted from 1, tree size, proof)
INCLUSION = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]
LEAF_HASHES = [merkle.leaf_hash(x) for x in LEAVES]
SUBTREE = merkle.subtree_from_leaves(LEAF_HASHES)


def test_empty_tree_and_leaf_hash():
    assert merkle.root_of_leaves([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert merkle.leaf_hash(b"") == ROOTS[0]


@pytest.mark.parametrize("n", range(1, 9))
def test_roots_of_every_size(n):
    assert merkle.root_of_leaves(LEAF_HASHES[:n]) == ROOTS[n - 1]
    assert merkle.root(n, SUBTREE) == ROOTS[n - 1]


def _corruptions_of(proof):
    yield proof + [b"\x00" * 32]
    yield [b"\x00" * 32] + proof
    if proof:
        yield proof[:-1]
        for i in range(len(proof)):
            bad = list(proof)
            bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
            yield bad


@pytest.mark.parametrize("leaf,n,proof", INCLUSION)
def test_inclusion_vectors(leaf, n, proof):
    proof = [h(x) for x in proof]
    assert merkle.inclusion_proof(leaf - 1, n, SUBTREE) == proof
    merkle.verify_inclusion(leaf - 1, n, LEAF_HASHES[leaf - 1], proof, ROOTS[n - 1])
    for bad in _corruptions_of(proof):
        with pytest.raises(merkle.VerifyError):
            merkle.verify_inclusion(leaf - 1, n, LEAF_HASHES[leaf - 1], bad, ROOTS[n - 1])
    for index, size in ((leaf, n), (leaf - 2, n), (leaf - 1, n * 2), (leaf - 1, max(n // 2, 0))):
        with pytest.raises(merkle.VerifyError):
            merkle.verify_inclusion(index, size, LEAF_HASHES[leaf - 1], proof, ROOTS[n - 1])
    with pytest.raises(merkle.VerifyError):
        merkle.verify_inclusion(leaf - 1, n, merkle.leaf_hash(b"WrongLeaf"), proof, ROOTS[n - 1])


@pytest.mark.parametrize("m,n,proof", CONSISTENCY)
def test_consistency_vectors(m, n, proof):
    proof = [h(x) for x in proof]
    assert merkle.consistency_proof(m, n, SUBTREE) == proof
    merkle.verify_consistency(m, n, ROOTS[m - 1], ROOTS[n - 1], proof)
    if not proof:
        return
    for bad in _corruptions_of(proof):
        with pytest.raises(merkle.VerifyError):
            merkle.verify_consistency(m, n, ROOTS[m - 1], ROOTS[n - 1], bad)
    for a, b, ra, rb in ((m - 1, n, ROOTS[m - 1], ROOTS[n - 1]), (m + 1, n, ROOTS[m - 1], ROOTS[n - 1]),
                         (m, n, ROOTS[n - 1], ROOTS[m - 1]), (m, n, ROOTS[m - 1], ROOTS[0])):
        with pytest.raises(merkle.VerifyError):
            merkle.verify_consistency(a, b, ra, rb, proof)
    with pytest.raises(merkle.VerifyError):
        merkle.verify_consistency(m, n, ROOTS[m - 1], ROOTS[n - 1], [])


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 70).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n), st.integers(0, n - 1))))
def test_proofs_from_stored_subtrees_verify_for_every_shape(args):
    n, m, i = args
    hashes = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    sub = merkle.subtree_from_leaves(hashes)
    roots = {k: merkle.root_of_leaves(hashes[:k]) for k in (m, n)}
    assert merkle.root(n, sub) == roots[n]
    merkle.verify_inclusion(i, n, hashes[i], merkle.inclusion_proof(i, n, sub), roots[n])
    merkle.verify_consistency(m, n, roots[m], roots[n], merkle.consistency_proof(m, n, sub))
    if m < n:  # any other history of the first m entries is caught
        forged = merkle.root_of_leaves([merkle.leaf_hash(b"x")] + hashes[1:m])
        with pytest.raises(merkle.VerifyError):
            merkle.verify_consistency(m, n, forged, roots[n], merkle.consistency_proof(m, n, sub))


# ---- signed notes: the Go reference vector -------------------------------------------------------------------------
VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
SIGNED = TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"


def test_signed_note_reproduces_the_go_vector_byte_for_byte():
    seed = base64.b64decode(SKEY.split("+", 4)[4])[1:]
    key = Ed25519PrivateKey.from_private_bytes(seed)
    name, pub = note.parse_vkey(VKEY)
    assert key.public_key().public_bytes_raw() == pub
    assert note.vkey(name, pub) == VKEY
    assert note.sign(TEXT, "PeterNeumann", key) == SIGNED
    assert note.open_note(SIGNED, name, pub) == TEXT


def test_signed_note_refuses_tampering_and_unknown_keys():
    name, pub = note.parse_vkey(VKEY)
    with pytest.raises(merkle.VerifyError):
        note.open_note(SIGNED.replace("cryptography", "cryptographY"), name, pub)
    other = Ed25519PrivateKey.generate()
    with pytest.raises(merkle.VerifyError):  # signed by someone else under the same name: not the log's key
        note.open_note(note.sign(TEXT, "PeterNeumann", other), name, pub)
    with pytest.raises(merkle.VerifyError):
        note.parse_vkey(VKEY.replace("c74f20a3", "c74f20a4"))


def test_checkpoint_roundtrip():
    key = Ed25519PrivateKey.generate()
    pub = key.public_key().public_bytes_raw()
    cp = note.Checkpoint("example.gov.cn/fazhi-log", 8, ROOTS[7], 1_764_000_000_000_000_000)
    signed = note.sign(cp.text(), "example.gov.cn/fazhi-log", key)
    assert signed.startswith("example.gov.cn/fazhi-log\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqt")
    assert note.open_checkpoint(signed, "example.gov.cn/fazhi-log", pub) == cp
    with pytest.raises(merkle.VerifyError):
        note.open_checkpoint(signed.replace("\n8\n", "\n9\n"), "example.gov.cn/fazhi-log", pub)
