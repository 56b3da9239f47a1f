"""What every command needs: Django set up, a management command called."""

import os

SETTINGS = "motcua.conf.settings"


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def manage_call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)
