"""Pages for online ballots: casting (``casting``), the published list and results (``published``),
and running a ballot (``running``). Views check who is asking, call a service or selector, render."""
