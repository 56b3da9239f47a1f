from django.urls import path

app_name = "certificate"

urlpatterns: list = []
