"""jimujigyo-kg: a Japanese municipality's 事務事業一覧 as a knowledge graph."""

__version__ = "0.1.0"
