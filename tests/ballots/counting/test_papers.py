"""Sorting papers to their next continuing preference (``papers.sort_papers``), the step ERS97,
Scottish STV and WIGM share. Expected piles are worked by hand from the rankings below."""

from ballots.counting.model import Ballot
from ballots.counting.papers import number_of, sort_papers

A, B, C, D = range(4)


def live(*cands):
    return [c in cands for c in range(4)]


def test_a_paper_moved_again_goes_to_the_next_continuing_preference_after_the_one_it_left():
    paper = Ballot(2, ((A,), (B,), (C,), (D,)))
    assert sort_papers([paper], live(A, B, C, D)) == ({A: [paper]}, {A: 2}, 0)
    # A elected: to B. B excluded too: to C. Only D left: to D. None left: non-transferable.
    assert sort_papers([paper], live(B, C, D)) == ({B: [paper]}, {B: 2}, 0)
    assert sort_papers([paper], live(C, D)) == ({C: [paper]}, {C: 2}, 0)
    assert sort_papers([paper], live(D)) == ({D: [paper]}, {D: 2}, 0)
    assert sort_papers([paper], live()) == ({}, {}, 2)


def test_the_pile_holds_the_paper_itself_and_counts_its_weight():
    papers = [Ballot(3, ((B,),)), Ballot(1, ((A,), (B,))), Ballot(4, ((C,),)), Ballot(2, ((D,), (B,)))]
    piles, sizes, lost = sort_papers(papers, live(B, D))
    assert piles[B][0] is papers[0] and piles[B][1] is papers[1]
    # B: 3 + 1 papers; D: 2; C's 4 have no continuing preference.
    assert (list(piles), sizes, lost) == ([B, D], {B: 4, D: 2}, 4)
    assert sizes == {c: number_of(pile) for c, pile in piles.items()}


def test_equal_marks_passed_once_no_longer_count_and_are_void_while_two_continue():
    # A, then B and C marked equal, then D.
    paper = Ballot(1, ((A,), (B, C), (D,)))
    assert sort_papers([paper], live(B, C, D)) == ({}, {}, 1)  # B and C both continue: uncertain (6.10)
    assert sort_papers([paper], live(C, D)) == ({C: [paper]}, {C: 1}, 0)  # only C of the two continues
    # C's papers moved on (C elected or excluded): B and C both gone, so on to D.
    assert sort_papers([paper], live(D)) == ({D: [paper]}, {D: 1}, 0)
