"""The console keeps no data of its own: accounts and roles are ``core.User``, the trail is ``core.AuditEvent``.

This module exists so that Django sends this app ``post_migrate`` (only apps with a models module get it), which
re-installs the audit trail's triggers (fazhi/sysadmin/triggers.py)."""
