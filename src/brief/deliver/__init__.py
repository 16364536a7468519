"""Deliver: the brief written to files, composed as email, sent over SMTP."""
