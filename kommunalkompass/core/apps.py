from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kommunalkompass.core"
    label = "core"
