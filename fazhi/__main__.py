"""The ``fazhi`` console script: every manage.py command plus the project's own
(``fazhi demo load``, ``fazhi clocks tick``, ``fazhi calendar load``, ``fazhi audit verify``, ...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "fazhi"
    # Two-word commands read naturally: ``fazhi demo load`` runs the ``demo`` command with ``load``.
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
