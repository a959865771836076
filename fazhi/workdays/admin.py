"""No Django admin site is mounted; calendar writes go through ``fazhi.workdays.calendar`` services so they
are validated, audited and invalidate the cache. Use /calendar/ or ``fazhi calendar load``."""
