"""The curation loop: a document is added to the corpus, an extractor proposes candidate
statements into a review file, a person accepts, edits or rejects each one, and only accepted
statements (with who checked them) reach ``data/statements/`` and the graph.

See ``docs/decisions/0010-curation-loop.md``.
"""

from kg.curation.decide import Decision, accept_tier, decide
from kg.curation.documents import add_document
from kg.curation.review import ReviewFile, review_path
from kg.curation.reviewer import reviewer_name

__all__ = ["Decision", "ReviewFile", "accept_tier", "add_document", "decide", "review_path",
           "reviewer_name"]
