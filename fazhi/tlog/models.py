"""The transparency log: entries (one per publication or correction), the perfect subtrees of the Merkle tree, and
the signed checkpoints. Rows are only ever inserted; the tree is RFC 6962's (see ``merkle``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LogEntry(models.Model):
    """One publication. ``entry`` holds the canonical bytes that are hashed into the tree (RFC 8785 JSON of kind,
    id, version, time, content SHA-256 and the index of the entry it supersedes); the other columns repeat them for
    queries."""

    index = models.BigIntegerField(_("序号"), primary_key=True)
    kind = models.CharField(_("类别"), max_length=40)
    object_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    published_at = models.DateTimeField(_("公开时间"))
    content_sha256 = models.CharField(max_length=64)
    supersedes = models.BigIntegerField(null=True, blank=True)
    withdrawn = models.BooleanField(default=False)
    entry = models.BinaryField()
    leaf_hash = models.BinaryField()

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "version"], name="uniq_tlog_version")]
        indexes = [models.Index(fields=["kind", "object_id", "-version"], name="tlog_latest")]


class LogNode(models.Model):
    """The hash of the perfect subtree D[index·2^level : (index+1)·2^level], stored once it is complete (level ≥ 1;
    level 0 is the entry's leaf hash)."""

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="uniq_tlog_node")]


class LogHead(models.Model):
    """One row: the current size, locked while an entry is appended so that indexes are gapless."""

    size = models.BigIntegerField(default=0)


class SignedCheckpoint(models.Model):
    size = models.BigIntegerField(unique=True)
    root_hash = models.BinaryField()
    signed_at = models.DateTimeField()
    note = models.TextField()

    class Meta:
        ordering = ["-size"]
