"""Journey: an administrator invites a colleague, who creates an account through the link."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

INVITEE = "new.person@musterstadt.example"


def test_invite_and_accept(logged_in_page, live_server, new_context, mailoutbox, assert_accessible):
    admin = logged_in_page
    members_url = f"{live_server.url}/o/musterstadt/members/"
    admin.goto(members_url)
    assert_accessible(admin)

    invite_form = admin.locator("form[action$='/members/invite/']")
    invite_form.locator("input[name=email]").fill(INVITEE)
    invite_form.locator("select[name=role]").select_option("editor")
    with admin.expect_navigation():
        invite_form.locator("button[type=submit]").click()
    expect(admin).to_have_url(members_url)
    expect(admin.locator(".kern-alert--success")).to_contain_text(INVITEE)
    open_invitation = admin.locator("table tr", has=admin.locator(f"td:text-is('{INVITEE}')"))
    expect(open_invitation).to_have_count(1)
    assert_accessible(admin)

    # The e-mail is sent inline (immediate task backend) once the invitation is committed.
    invitations = [message for message in mailoutbox if message.to == [INVITEE]]
    assert len(invitations) == 1, [message.to for message in mailoutbox]
    links = re.findall(r"https?://\S+/invitations/\S+/", invitations[0].body)
    assert len(links) == 1, invitations[0].body
    link = links[0]
    assert link.startswith(live_server.url), f"{link} does not point to {live_server.url}"

    invitee = new_context().new_page()
    invitee.goto(link)
    expect(invitee.locator("html")).to_have_attribute("lang", "de")
    expect(invitee.locator("h1")).to_contain_text("Stadt Musterstadt")
    expect(invitee.locator("main")).to_contain_text(INVITEE)
    assert_accessible(invitee)
    invitee.fill("input[name=full_name]", "Nora Neu")
    invitee.fill("input[name=password]", "Kompass-Beitritt-2025")
    invitee.fill("input[name=password_repeat]", "Kompass-Beitritt-2025")
    with invitee.expect_navigation():
        invitee.click("main form button[type=submit]")
    expect(invitee).to_have_url(f"{live_server.url}/o/musterstadt/")
    expect(invitee.locator("h1")).to_have_text("Stadt Musterstadt")
    expect(invitee.locator(".kern-alert--success")).to_contain_text("Stadt Musterstadt")
    assert_accessible(invitee)

    admin.goto(members_url)
    member = admin.locator("tbody tr", has=admin.locator(f"td:text-is('{INVITEE}')"))
    expect(member).to_have_count(1)
    expect(member).to_contain_text("Nora Neu")
    expect(member.locator("select[name=role]")).to_have_value("editor")
    expect(admin.locator("table", has=admin.locator("caption"))).to_have_count(1)

    # The link works once: opened again it says so (410 Gone), in any language.
    with invitee.expect_navigation() as navigation:
        invitee.goto(link)
    assert navigation.value.status == 410
    assert_accessible(invitee)
    english = new_context(locale="en-GB").new_page()
    response = english.goto(link)
    assert response.status == 410
    expect(english.locator("main")).to_contain_text("This invitation has already been used.")
