"""The kernel: base models, domain errors, the plug-in registry and Vietnamese text folding.

It depends on nothing above it (enforced by import-linter, see ``tests/test_architecture.py``).
"""
