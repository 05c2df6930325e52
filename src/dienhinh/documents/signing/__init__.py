"""Signed PDFs: keys (PKCS#12 per organisation or a PKCS#11 token), PAdES signing with a visible
block, and validation against the configured trust roots."""
