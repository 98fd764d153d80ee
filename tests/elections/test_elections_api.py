"""The elections list API: for signed-in users only."""


def test_anonymous_callers_are_refused(client, section):
    response = client.get("/api/elections/")
    assert response.status_code == 403


def test_a_member_reads_elections_with_their_sections(client_for, alice, section):
    body = client_for(alice).get("/api/elections/").json()
    [election] = body["results"]
    assert election["slug"] == "nec-2026"
    assert [(s["slug"], s["seats"], s["min_women"]) for s in election["sections"]] == [("clp-section", 9, 4)]
