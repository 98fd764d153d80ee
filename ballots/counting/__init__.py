"""The NEC counting engine: plain Python, no Django (a test enforces it).

Use it as a library (``from ballots.counting import ...``) or from the command line
(``python -m ballots.counting FILE --method ers97``).
"""
