from django.apps import AppConfig


class CertificateConfig(AppConfig):
    name = "motcua.identity.contrib.certificate"
    label = "identity_certificate"
    verbose_name = "Đăng nhập bằng chữ ký số"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
