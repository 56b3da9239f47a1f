"""Payments of fees and charges: fee orders, providers (contrib/<key>), callbacks, reconciliation, receipts."""
