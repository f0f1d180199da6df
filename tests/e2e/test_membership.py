import re

from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from organizations.models import NETWORK_ADMINS_GROUP
from tests.factories import UserFactory


def log_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^Password")).fill(password)
    page.get_by_role("button", name="Log in").click()


def test_an_organisation_joins_is_accepted_and_its_editor_updates_the_profile(page: Page, site):
    admin = UserFactory(username="network-admin", password="admin-password-1")
    admin.groups.add(Group.objects.get(name=NETWORK_ADMINS_GROUP))

    # The organisation applies.
    page.goto(site + "/join/")
    page.get_by_label(re.compile(r"^Name:?$")).fill("Talas Mountain Guides")
    page.get_by_label("Country").select_option(label="Kyrgyzstan")
    page.get_by_label("City or region").fill("Talas")
    page.get_by_label("Kind").select_option(label="Social enterprise")
    page.get_by_label("Year founded").fill("2015")
    page.get_by_label("Description").fill("Eco-tourism run by village cooperatives.")
    page.get_by_label("8. Social entrepreneurship").check()
    page.get_by_label("Your name").fill("Nurlan Asanov")
    page.get_by_label("Your email").fill("nurlan@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill("valleys-of-talas-2015")
    page.get_by_label("Password again").fill("valleys-of-talas-2015")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your application is received")
    page.get_by_role("button", name="Log out").click()

    # A network admin accepts it.
    log_in(page, site, "network-admin", "admin-password-1")
    page.goto(site + "/applications/")
    page.get_by_role("link", name="Talas Mountain Guides").click()
    page.get_by_label("Note to the applicant").fill("Welcome to the network.")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text("accepted")
    page.get_by_role("button", name="Log out").click()

    # The new editor logs in and updates the profile.
    # Signing in lands on the to-do page: nothing is owed yet; the account lists the
    # organisation.
    log_in(page, site, "nurlan@example.org", "valleys-of-talas-2015")
    expect(page.locator("main")).to_contain_text("Nothing is due")
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", name="Talas Mountain Guides")).to_be_visible()
    page.get_by_role("link", name="Edit the profile").click()
    page.get_by_label("Description").fill("Eco-tourism and trail care run by 12 villages.")
    page.get_by_label("Website").fill("https://talas-guides.example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The profile is saved")

    # The change is public in the directory.
    page.get_by_role("button", name="Log out").click()
    page.goto(site + "/organizations/?country=KG&q=trail")
    page.get_by_role("link", name="Talas Mountain Guides").click()
    expect(page).to_have_url(re.compile(r"/organizations/talas-mountain-guides-kg/$"))
    expect(page.locator("main")).to_contain_text("run by 12 villages")
