"""Run a peer library's STV on a BLT file; print one JSON line with timings and winners.

Runs inside benchmarks/.venv-peers (see run_engine.sh). The BLT is read by the small loader
below (the peers have no BLT reader of their own), and the load time is reported apart from
the time to import the library and build its ballots ("build") and from the count itself, so
each can be compared honestly; "total" is all three.

    peer_stv.py {pyrankvote,votekit,votekit-fast} FILE SEATS
"""

import json
import sys
import time


def load_blt(path):
    """Merged rankings {tuple of names: count}, candidate names, seats. Plain BLT only."""
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    ncand, seats = map(int, lines[0].split())
    counts = {}
    i = 1
    while lines[i].strip() != b"0":
        counts[lines[i]] = counts.get(lines[i], 0) + 1
        i += 1
    names = [lines[i + 1 + k].decode().strip().strip('"') for k in range(ncand)]
    rankings = {}
    for line, n in counts.items():
        toks = line.split()
        prefs = tuple(names[int(t) - 1] for t in toks[1:] if t != b"0")
        rankings[prefs] = rankings.get(prefs, 0) + int(toks[0]) * n
    return rankings, names, seats


def run_pyrankvote(rankings, names, seats):
    t = time.perf_counter()
    import pyrankvote

    cands = {n: pyrankvote.Candidate(n) for n in names}
    ballots = [
        pyrankvote.Ballot(ranked_candidates=[cands[n] for n in prefs])
        for prefs, w in rankings.items()
        for _ in range(w)  # pyrankvote has no ballot weights: one object per paper
    ]
    built = time.perf_counter()
    result = pyrankvote.single_transferable_vote(list(cands.values()), ballots, number_of_seats=seats)
    return built - t, time.perf_counter() - built, [c.name for c in result.get_winners()]


def run_votekit(rankings, names, seats, fast=False):
    t = time.perf_counter()
    from votekit import RankBallot, RankProfile
    from votekit.elections import STV, FastSTV

    ballots = [RankBallot(ranking=[{n} for n in prefs], weight=w) for prefs, w in rankings.items() if prefs]
    profile = RankProfile(ballots=ballots, candidates=names)
    built = time.perf_counter()
    election = (FastSTV if fast else STV)(profile, n_seats=seats, tiebreak="random", rng_seed=1)
    winners = [c for group in election.get_elected() for c in sorted(group)]
    return built - t, time.perf_counter() - built, winners


def main():
    peer, path, seats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    t0 = time.perf_counter()
    rankings, names, _ = load_blt(path)
    t_load = time.perf_counter() - t0
    if peer == "pyrankvote":
        t_build, t_count, winners = run_pyrankvote(rankings, names, seats)
    else:
        t_build, t_count, winners = run_votekit(rankings, names, seats, fast=peer == "votekit-fast")
    total = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "peer": peer,
                "load_s": t_load,
                "build_s": t_build,
                "count_s": t_count,
                "total_s": total,
                "winners": winners,
            }
        )
    )


if __name__ == "__main__":
    main()
