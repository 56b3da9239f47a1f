app_name = "national_sandbox"

urlpatterns: list = []
