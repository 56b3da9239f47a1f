"""What the hub adds to an attempt once it is paid: the address of its electronic receipt (biên lai điện tử)."""

from django.db import transaction

from motcua.payments.models import PaymentAttempt


def attempt_receipt_link_record(*, reference: str, url: str) -> bool:
    """Keep the hub's e-receipt address in the attempt's data (``instructions["data"]["receipt_url"]``).

    Called only with a verified callback or query answer that says the attempt is paid (the hub issues a
    receipt for money collected). Returns whether there was such a paygov attempt.
    """
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().filter(reference=reference, provider="paygov").first()
        if attempt is None:
            return False
        instructions = dict(attempt.instructions or {})
        instructions["data"] = {**(instructions.get("data") or {}), "receipt_url": url[:1000]}
        attempt.instructions = instructions
        attempt.save(update_fields=["instructions"])
        return True
