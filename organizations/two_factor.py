"""Two-factor authentication (django-otp, TOTP) for the people who can see every draft of
a country or of the whole network: coordinators and network admins. It is optional: they
switch it on from their account page; everyone without a device logs in as before.

Login is in two steps. The password step stops short of logging a person with a device
in and remembers them in the session for a few minutes; the code step logs them in and
marks the session verified, which the admin site also requires (vision/admin_site.py).

Kept home-made on purpose, on django-otp (the library that does the cryptography, and the
one django-two-factor-auth builds on): django-two-factor-auth would add django-formtools'
wizard, phone and SMS methods the network does not offer, and its own URL layout and
templates to restyle and translate, in exchange for the two views below.
"""

import time
from base64 import b32encode

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vision.access import PUBLIC, Access, Rule, declare

from .permissions import coordinated_country_ids, is_network_admin

PENDING = "two_factor_pending"
# Seconds between the password and the code before the password must be given again.
PENDING_SECONDS = 5 * 60


def may_use_two_factor(user) -> bool:
    return is_network_admin(user) or bool(coordinated_country_ids(user))


def device_of(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def device_start(*, user) -> TOTPDevice:
    """A new secret for the person's authenticator app, used only once they confirm it
    with a code (so a half-done setup never locks them out)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        # verify_token refuses a code used before and slows down repeated failures.
        if not token.isdecimal() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("This code is wrong or has expired. Enter the code your app shows now.")
            )
        return token


class TwoStepLoginView(LoginView):
    """The password step: people without a device are logged in as usual."""

    access = PUBLIC

    def form_valid(self, form):
        user = form.get_user()
        if device_of(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_redirect_url(),
            "at": time.time(),
        }
        return redirect("login-token")


@declare(PUBLIC)
@never_cache
@require_http_methods(["GET", "POST"])
def login_token(request):
    """The code step, after a correct password."""
    pending = request.session.get(PENDING)
    user = None
    if pending and time.time() - pending["at"] < PENDING_SECONDS:
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = device_of(user) if user else None
    if device is None:
        request.session.pop(PENDING, None)
        messages.error(request, _("Please log in again."))
        return redirect("login")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        del request.session[PENDING]
        auth_login(request, user, backend=pending["backend"])
        otp_login(request, device)
        target = pending["next"]
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = ""
        return redirect(target or "account")
    return render(
        request,
        "registration/login_token.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@declare(Access(Rule.ANY_COORDINATOR, Rule.ANY_COORDINATOR))
@require_http_methods(["GET", "POST"])
def two_factor_settings(request):
    """Switch two-factor authentication on (scan the secret, confirm with a code) or off
    (confirm with a code)."""
    user = request.user
    if not may_use_two_factor(user):
        raise PermissionDenied
    device = device_of(user)
    enabled = device is not None
    if not enabled:
        device = device_of(user, confirmed=False)
        if device is None:
            device = device_start(user=user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if enabled:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("Two-factor authentication is off."))
            else:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                # This session already proved both factors.
                otp_login(request, device)
                messages.success(
                    request, _("Two-factor authentication is on: logins will ask for a code.")
                )
        return redirect("two-factor")
    return render(
        request,
        "organizations/two_factor.html",
        {
            "form": form,
            "enabled": enabled,
            "secret": "" if enabled else b32encode(device.bin_key).decode(),
            "config_url": "" if enabled else device.config_url,
        },
        status=400 if form.errors else 200,
    )
