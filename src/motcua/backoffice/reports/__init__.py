"""Statistics in the back office ("Thống kê"): the periodic report with charts, the dossiers behind each number,
the indicators of Decision 766 and background exports. Every number comes from ``motcua.reports``."""
