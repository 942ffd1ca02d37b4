from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "kommunalkompass.documents"
    label = "documents"
