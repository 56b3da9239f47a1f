"""Other systems told about our dossiers: partners' outbound webhooks and the national public-service portal's sync
(an adapter by registry; ``contrib/sandbox`` is a national-portal receiver inside the demo)."""
