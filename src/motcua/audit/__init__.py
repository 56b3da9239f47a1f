"""Append-only, hash-chained audit log: services record events, ``audit_verify`` proves nobody rewrote them."""
