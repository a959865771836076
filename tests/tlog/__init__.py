from contextlib import contextmanager


@contextmanager
def only_kind(kind):
    """A log with only ``kind`` registered and no entries yet. Migrate logs the seed discretion standard
    (fazhi/discretion/apps.py); the tests that count entries or compare roots with hand-built trees start from
    size 0 and one kind instead, and the registry is restored afterwards."""
    from fazhi.tlog import registry
    from fazhi.tlog.models import LogEntry, LogHead, LogNode, SignedCheckpoint

    for model in (SignedCheckpoint, LogHead, LogNode, LogEntry):
        model.objects.all().delete()
    saved = dict(registry._KINDS)
    registry._KINDS.clear()
    registry.register(kind)
    try:
        yield kind.name
    finally:
        registry._KINDS.clear()
        registry._KINDS.update(saved)
