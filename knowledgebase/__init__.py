"""The knowledge base: articles in English and Simplified Chinese, their search (``knowledgebase.search``)
and the services that write them (``knowledgebase.services``)."""
