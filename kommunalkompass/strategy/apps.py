from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "kommunalkompass.strategy"
    label = "strategy"
