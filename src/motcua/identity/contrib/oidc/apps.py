from django.apps import AppConfig


class OidcConfig(AppConfig):
    name = "motcua.identity.contrib.oidc"
    label = "identity_oidc"
    verbose_name = "Đăng nhập VNeID (OpenID Connect)"
