"""The result sheet's CSV download neutralises formula cells: candidates' names are their own words,
readable by every member once the result is declared."""

import csv
import io

from django.urls import reverse

from ballots.results import services
from tests.ballots.results.factories import blt
from tests.factories import CandidateFactory

EVIL = "+cmd|'/C calc'!A0"


def test_a_name_that_is_a_formula_is_written_as_text_in_the_result_csv(client_for, rita, alice, section):
    CandidateFactory(section=section, display_name=EVIL, slug="evil")
    names = sorted(section.candidates.values_list("display_name", flat=True), key=str.casefold)
    data = blt(names, ["3 1 2 0", "4 2 1 3 0", "2 6 0", "5 4 2 0", "1 5 4 3 0", "2 2 4 0"])
    ballot_set = services.ballot_set_load(
        section=section, user=rita, fileobj=io.BytesIO(data), filename="t.blt", mapping="position"
    )
    count = services.count_request(user=rita, ballot_set=ballot_set, seed=1)
    count.refresh_from_db()
    services.count_declare(user=rita, count=count, confirm=count.result_sha256)
    response = client_for(alice).get(reverse("results:count_download", args=[count.pk, "csv"]))
    assert response.status_code == 200
    text = response.content.decode()
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + EVIL in cells
    assert EVIL not in cells
