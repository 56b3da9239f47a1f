from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "motcua.identity.contrib.sandbox"
    label = "identity_sandbox"
    verbose_name = "VNeID thử nghiệm (sandbox)"
