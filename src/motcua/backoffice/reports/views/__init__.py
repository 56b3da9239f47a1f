"""The statistics pages: ``report`` (table and charts) · ``drill`` (dossiers behind a number) · ``indicators``
(Decision 766) · ``exports`` (CSV/XLSX jobs) · ``common`` (access and the filter)."""
