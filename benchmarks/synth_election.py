#!/usr/bin/env python3
"""Write a synthetic NEC-style STV election as a BLT file.

Voters follow slates: most rank their slate's candidates first (in a slate-typical order with
some noise), then drift to other candidates; some rank only a few names. Identical rankings are
NOT merged, so the file has one line per ballot unless --merge is given.

    synth_election.py --ballots 130000 --candidates 24 --seats 9 --seed 1 > nec.blt
"""

import argparse
import random
import sys


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ballots", type=int, default=130_000)
    p.add_argument("--candidates", type=int, default=24)
    p.add_argument("--seats", type=int, default=9)
    p.add_argument("--slates", type=int, default=4)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--merge", action="store_true", help="merge identical rankings into weighted lines")
    a = p.parse_args()
    rng = random.Random(a.seed)
    cands = list(range(1, a.candidates + 1))
    slates = [cands[i :: a.slates] for i in range(a.slates)]
    slate_share = [rng.random() + 0.3 for _ in slates]
    popularity = {c: rng.random() ** 2 + 0.05 for c in cands}
    lines: dict[tuple[int, ...], int] = {}
    out = sys.stdout
    out.write(f"{a.candidates} {a.seats}\n")
    for _ in range(a.ballots):
        s = rng.choices(range(a.slates), weights=slate_share)[0]
        own = sorted(slates[s], key=lambda c: -popularity[c] * rng.uniform(0.6, 1.4))
        rest = sorted((c for c in cands if c not in own), key=lambda c: -popularity[c] * rng.random())
        depth = min(len(cands), max(1, int(rng.expovariate(1 / 7)) + 1))
        ranking = tuple((own + rest)[:depth]) if rng.random() < 0.85 else tuple(rest[:depth])
        if a.merge:
            lines[ranking] = lines.get(ranking, 0) + 1
        else:
            out.write("1 " + " ".join(map(str, ranking)) + " 0\n")
    for ranking, n in lines.items():
        out.write(f"{n} " + " ".join(map(str, ranking)) + " 0\n")
    out.write("0\n")
    for c in cands:
        out.write(f'"Candidate {c:02d}"\n')
    out.write('"Synthetic NEC CLP section"\n')


if __name__ == "__main__":
    main()
