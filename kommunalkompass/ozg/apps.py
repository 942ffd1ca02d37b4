from django.apps import AppConfig


class OzgConfig(AppConfig):
    name = "kommunalkompass.ozg"
    label = "ozg"
    verbose_name = "OZG"
