from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kommunalkompass.audit"
    label = "audit"
