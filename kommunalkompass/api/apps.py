from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kommunalkompass.api"
    label = "api"
