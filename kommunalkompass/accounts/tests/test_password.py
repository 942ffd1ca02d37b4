import re

import pytest
from django.core import mail

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Rathaus-Fahrrad-2031"


def _request_reset(client, email: str):
    return client.post("/accounts/password-reset/", {"email": email})


def _link_from_mail() -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_reset_mail_is_sent_to_the_account_in_any_case(client):
    UserFactory(email="anna@example.org")

    response = _request_reset(client, "ANNA@example.org")

    assert response.status_code == 302
    assert response.url == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert message.subject == "Set a new password for Kommunalkompass"
    assert "valid for 72 hours" in message.body
    assert "&amp;" not in message.body


def test_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = _request_reset(client, "nobody@example.org")

    assert response.status_code == 302
    assert response.url == "/accounts/password-reset/sent/"
    assert mail.outbox == []
    page = client.get(response.url).content.decode()
    assert "If an account exists for the address you entered" in page


def test_reset_link_sets_a_new_password_once(client):
    UserFactory(email="anna@example.org")
    _request_reset(client, "anna@example.org")
    link = _link_from_mail()

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Set a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == "/accounts/password-reset/done/"
    login = client.post(
        "/accounts/login/", {"username": "anna@example.org", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
    client.post("/accounts/logout/")
    used_again = client.get(link, follow=True)
    assert "This link cannot be used any more" in used_again.content.decode()


def test_broken_link_explains_and_offers_a_new_one(client):
    user = UserFactory()
    response = client.get("/accounts/password-reset/MQ/wrong-token/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "This link cannot be used any more" in content
    assert "/accounts/password-reset/" in content
    assert user.check_password(DEFAULT_PASSWORD)


def test_new_password_lifts_the_lock_out(client):
    UserFactory(email="anna@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "anna@example.org", "password": "wrong"})
    _request_reset(client, "anna@example.org")
    form_page = client.get(_link_from_mail(), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    response = client.post(
        "/accounts/login/", {"username": "anna@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302


def test_password_change_from_the_profile(client):
    user = UserFactory()
    client.force_login(user)

    assert "/accounts/password/" in client.get("/accounts/profile/").content.decode()
    response = client.post(
        "/accounts/password/",
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/accounts/profile/"
    assert "Your password has been changed." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Still logged in.
    assert client.get("/accounts/profile/").status_code == 200


def test_password_change_with_wrong_current_password_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert 'class="kern-error"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
