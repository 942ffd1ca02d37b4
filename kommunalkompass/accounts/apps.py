from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kommunalkompass.accounts"
    label = "accounts"
