"""Shopper accounts over the API: registration with e-mail verification, password reset."""
