"""Django's management commands for operators: `python -m gen.web.manage createsuperuser`, `migrate` …"""

import os
import sys


def main() -> None:
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gen.web.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
