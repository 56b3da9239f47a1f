"""Background tasks of the catalogue (Django's tasks API; the worker runs them)."""

from django.tasks import task

BATCH = 20


@task()
def demo_templates_attach() -> int:
    """Render the printable forms of the demo catalogue, a short batch at a time (so the worker can stop
    between batches), re-enqueueing itself until none is left."""
    from .demo import components_attach_demo_templates

    made = components_attach_demo_templates(limit=BATCH)
    if made == BATCH:
        demo_templates_attach.enqueue()
    return made
