"""``law_changed``: sent (inside the transaction) when a law gets a new version that changes articles or repeals
it; receivers flag what cites those articles. Arguments: ``law`` (Law), ``version`` (the new LawVersion),
``articles`` (list of changed article numbers; all articles for a repeal), ``repealed`` (bool)."""

from django.dispatch import Signal

law_changed = Signal()
