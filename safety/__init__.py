"""Safety: the secret guard (pure) and, later, the official channels and look-alike verdicts.

A leaf app: it imports no other app of ours.
"""
