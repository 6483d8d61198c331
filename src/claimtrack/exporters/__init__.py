"""One module per export format; claimtrack.export's registry (``EXPORTERS``) names them.

Every exporter is ``write(db, out, article_id=None, *, reviewer_type, on_problem) -> int``
(the number of items written) and reads the shared per-claim records (``records``).
"""
