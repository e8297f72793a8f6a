"""Safety: the secret guard (safety.guard, pure), the official channels and the look-alike verdict
(safety.verify).

A leaf app: it imports no other app of ours.
"""
