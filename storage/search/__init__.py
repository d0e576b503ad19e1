"""Full-text and typo-tolerant paragraph search (SQLite FTS5, PostgreSQL full text)."""

from storage.search.index import document_fields, index_documents, index_paragraph, remove_paragraph
from storage.search.query import SearchHit, search_paragraphs

__all__ = ["SearchHit", "document_fields", "index_documents", "index_paragraph", "remove_paragraph", "search_paragraphs"]
