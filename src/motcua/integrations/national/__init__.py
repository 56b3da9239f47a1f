"""The national public-service portal's sync: the adapter interface (``base``) and the queue's services."""
