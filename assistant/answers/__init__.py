"""Answers from the help centre: which articles, which passage of the best one, how sure we are,
and what to prepare if the visitor still needs a person. No writes, no clock."""
