from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgebaseConfig(AppConfig):
    name = "knowledgebase"
    verbose_name = _("Knowledge base")

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from knowledgebase.models import Article, ArticleTranslation
        from knowledgebase.search import index_changed

        # Every process's heads and statistics describe the published articles: publishing,
        # withdrawing, hiding or deleting one (the admin saves the article, not a translation)
        # makes them stale as surely as a translation's new text does. Counters move with
        # update() and send nothing.
        def changed(**kwargs):
            transaction.on_commit(index_changed, using=kwargs.get("using"))

        post_save.connect(changed, sender=Article, dispatch_uid="kb-article-saved", weak=False)
        post_delete.connect(changed, sender=Article, dispatch_uid="kb-article-deleted", weak=False)
        post_delete.connect(changed, sender=ArticleTranslation, dispatch_uid="kb-translation-deleted", weak=False)

    def warm_up(self):
        """Build this process's search caches before it serves (``supportdesk.gunicorn_hooks`` calls
        every app's ``warm_up`` when a gunicorn worker starts)."""
        from knowledgebase.search import warm_caches

        warm_caches()
