"""Background tasks of the catalogue (Django's tasks API; the worker runs them)."""

from django.tasks import task


@task()
def demo_templates_attach() -> int:
    """Render the printable forms of the demo catalogue (a few seconds each batch; done once)."""
    from .demo import components_attach_demo_templates

    return components_attach_demo_templates()
