#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # manage.py is where a developer works, so without a SECRET_KEY it runs with development
    # settings, as the README's commands expect. Production serves through config.wsgi, which
    # still refuses to start without one; and DEBUG=0 here keeps that refusal too.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
