"""Reliability suite: crashes, contention, scope through every loading path, adversarial files."""
