"""Reads on payments, always given the actor: ``payer`` (citizens) · ``finance`` (officers)."""
