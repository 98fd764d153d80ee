"""Analysis of counts and ballots that explains a result: plain Python beside the counting engine.

No Django (a test enforces it, as for ``ballots.counting``): everything here reads the engine's
``Result`` and ``Election`` and returns frozen dataclasses of ``Decimal`` figures written to the
rule's own places, so the pages, the API and the downloads all show the same numbers.

- ``flows``: where each stage's transferred value went, candidate by candidate and by slate;
- ``papers``: first preferences and slate discipline, from the ballots themselves;
- ``sensitivity``: the same ballots under every STV rule (and block vote), side by side.
"""
