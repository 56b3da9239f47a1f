from django.urls import path

from . import views

app_name = "sandbox"

urlpatterns = [
    path(".well-known/openid-configuration", views.discovery, name="discovery"),
    path("jwks", views.jwks, name="jwks"),
    path("oauth2/authorize", views.authorize, name="authorize"),
    path("oauth2/authorize/otp", views.otp, name="otp"),
    path("oauth2/token", views.token, name="token"),
    path("oauth2/userinfo", views.userinfo, name="userinfo"),
]
