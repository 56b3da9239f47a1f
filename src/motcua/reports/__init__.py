"""Statistics: rollups of the dossiers into summary tables, the periodic report, the indicators of Decision 766,
exports, the public dashboard's figures and the portal's visit counter."""
