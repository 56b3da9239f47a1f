"""Payment pages of the back office: the dossier's fee panel actions, the counter QR screens, finance pages."""
