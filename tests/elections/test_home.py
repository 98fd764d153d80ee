"""The home page and navigation show each person the way to their own work."""


def test_a_secretary_finds_their_clp_desk_from_home(client_for, sam, section):
    page = client_for(sam).get("/").content.decode()
    assert 'href="/clps/hackney/office/"' in page
    assert "Manage NEC 2026" not in page


def test_a_returning_officer_finds_the_manage_page_from_home(client_for, rita, section):
    page = client_for(rita).get("/").content.decode()
    assert 'href="/elections/nec-2026/manage/"' in page


def test_a_member_sees_elections_but_no_officer_links(client_for, alice, section):
    page = client_for(alice).get("/").content.decode()
    assert section.get_absolute_url() in page
    assert "/office/" not in page and "/manage/" not in page


def test_pages_are_set_up_for_phones_and_screen_readers(client_for, alice, section):
    page = client_for(alice).get("/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<html lang="en-GB">' in page
    assert 'href="#main"' in page and page.count("<h1") == 1
