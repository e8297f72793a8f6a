from django.apps import AppConfig


class AssistantConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assistant"
    verbose_name = "Support assistant"

    def ready(self) -> None:
        # The editors' analytics page (knowledgebase) shows our section without importing us.
        from knowledgebase import analytics

        from .analytics import analytics_section

        analytics.register_section(analytics_section)
