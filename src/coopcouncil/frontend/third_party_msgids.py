# ruff: noqa: E501, RUF001  (long messages, and Django's typographic apostrophes, copied as they are)
"""Words from django-allauth and Django on our pages, listed so that our Portuguese catalogue keeps them.

allauth ships pt_BR and pt_PT catalogues but no plain "pt" one, and Django does not fall back
from "pt" to either, so without this list our Portuguese pages would show allauth's English.
Django's own "pt" catalogue misses a password message, and says "palavra-passe" where our
pages say "senha", so its password-validation messages are listed too.

Each string is copied exactly from its source (allauth 65.21, Django 6.1; the comment says
where). ``makemessages`` collects them into ``coopcouncil/locale/pt/LC_MESSAGES/django.po``,
where we translate them, and our catalogue (``LOCALE_PATHS``) wins over the libraries' own.

Nothing imports this module. When allauth or Django is upgraded, check that these strings still
match (tests/frontend/test_i18n.py renders the account pages in Portuguese), and when we start
using another allauth page, add its strings here. See docs/adr/0005-internationalisation.md.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

DJANGO_MSGIDS = (
    # django/contrib/auth/password_validation.py
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        2,
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        2,
    ),
    gettext_lazy("The password is too similar to the %(verbose_name)s."),
    gettext_lazy("Your password can’t be too similar to your other personal information."),
    gettext_lazy("This password is too common."),
    gettext_lazy("Your password can’t be a commonly used password."),
    gettext_lazy("This password is entirely numeric."),
    gettext_lazy("Your password can’t be entirely numeric."),
)

ALLAUTH_MSGIDS = (
    # account/adapter.py
    gettext_lazy("This account is currently inactive."),
    # account/adapter.py
    gettext_lazy("You cannot remove your primary email address."),
    # account/adapter.py
    gettext_lazy("This email address is already associated with this account."),
    # account/adapter.py
    gettext_lazy("The email address and/or password you specified are not correct."),
    # account/adapter.py
    gettext_lazy("A user is already registered with this email address."),
    # account/adapter.py
    gettext_lazy("Please type your current password."),
    # account/adapter.py, mfa/adapter.py
    gettext_lazy("Incorrect code."),
    # account/adapter.py
    gettext_lazy("Incorrect password."),
    # account/adapter.py
    gettext_lazy("Invalid or expired key."),
    # account/adapter.py
    gettext_lazy("Invalid login."),
    # account/adapter.py
    gettext_lazy("The password reset token was invalid."),
    # account/adapter.py
    gettext_lazy("You cannot add more than %d email addresses."),
    # account/adapter.py
    gettext_lazy("Too many failed login attempts. Try again later."),
    # account/adapter.py
    gettext_lazy("The email address is not assigned to any user account."),
    # account/adapter.py, templates/account/messages/unverified_primary_email.txt
    gettext_lazy("Your primary email address must be verified."),
    # account/adapter.py
    gettext_lazy("Please select only one."),
    # account/adapter.py
    gettext_lazy("The new value must be different from the current one."),
    # account/adapter.py
    gettext_lazy("Be patient, you are sending too many requests."),
    # account/adapter.py
    gettext_lazy("Use your password"),
    # account/adapter.py
    gettext_lazy("Use authenticator app or code"),
    # account/fields.py, account/forms.py
    gettext_lazy("Email"),
    # account/fields.py
    gettext_lazy("Email address"),
    # account/fields.py
    gettext_lazy("Forgot your password?"),
    # account/forms.py
    gettext_lazy("You must type the same password each time."),
    # account/forms.py
    gettext_lazy("Password"),
    # account/forms.py
    gettext_lazy("Remember Me"),
    # account/forms.py
    gettext_lazy("Password (again)"),
    # account/forms.py
    gettext_lazy("Current Password"),
    # account/forms.py
    gettext_lazy("New Password"),
    # account/forms.py
    gettext_lazy("New Password (again)"),
    # account/forms.py, mfa/base/forms.py, mfa/totp/forms.py
    gettext_lazy("Code"),
    # mfa/adapter.py
    gettext_lazy("You cannot add an email address to an account protected by two-factor authentication."),
    # mfa/adapter.py
    gettext_lazy("You cannot deactivate two-factor authentication."),
    # mfa/adapter.py
    gettext_lazy("You cannot generate recovery codes without having two-factor authentication enabled."),
    # mfa/adapter.py
    gettext_lazy("You cannot activate two-factor authentication until you have verified your email address."),
    # mfa/models.py
    gettext_lazy("Recovery codes"),
    # mfa/models.py
    gettext_lazy("TOTP Authenticator"),
    # mfa/totp/forms.py
    gettext_lazy("Authenticator code"),
    # templates/account/account_inactive.html
    gettext_lazy("Account Inactive"),
    # templates/account/account_inactive.html
    gettext_lazy("This account is inactive."),
    # templates/account/base_reauthenticate.html
    gettext_lazy("Confirm Access"),
    # templates/account/base_reauthenticate.html
    gettext_lazy("Please reauthenticate to safeguard your account."),
    # templates/account/base_reauthenticate.html, templates/mfa/authenticate.html
    gettext_lazy("Alternative options"),
    # templates/account/email.html
    gettext_lazy("Email Addresses"),
    # templates/account/email.html
    gettext_lazy("The following email addresses are associated with your account:"),
    # templates/account/email.html
    gettext_lazy("Verified"),
    # templates/account/email.html
    gettext_lazy("Unverified"),
    # templates/account/email.html
    gettext_lazy("Primary"),
    # templates/account/email.html
    gettext_lazy("Make Primary"),
    # templates/account/email.html, templates/account/email_change.html
    gettext_lazy("Re-send Verification"),
    # templates/account/email.html
    gettext_lazy("Remove"),
    # templates/account/email.html
    gettext_lazy("Add Email Address"),
    # templates/account/email.html
    gettext_lazy("Add Email"),
    # templates/account/email.html
    gettext_lazy("Do you really want to remove the selected email address?"),
    # templates/account/email/account_already_exists_message.txt
    gettext_lazy(
        "You are receiving this email because you or someone else tried to signup for an\n"
        "account using email address:\n"
        "\n"
        "%(email)s\n"
        "\n"
        "However, an account using that email address already exists.  In case you have\n"
        "forgotten about this, please use the password forgotten procedure to recover\n"
        "your account:\n"
        "\n"
        "%(password_reset_url)s"
    ),
    # templates/account/email/account_already_exists_subject.txt
    gettext_lazy("Account Already Exists"),
    # templates/account/email/base_message.txt
    gettext_lazy("Hello from %(site_name)s!"),
    # templates/account/email/base_message.txt
    gettext_lazy("Thank you for using %(site_name)s!\n%(site_domain)s"),
    # templates/account/email/base_notification.txt
    gettext_lazy("You are receiving this mail because the following change was made to your account:"),
    # templates/account/email/base_notification.txt
    gettext_lazy(
        "If you do not recognize this change then please take proper security precautions immediately. The change to your account originates from:\n"
        "\n"
        "- IP address: %(ip)s\n"
        "- Browser: %(user_agent)s\n"
        "- Date: %(timestamp)s"
    ),
    # templates/account/email/email_changed_message.txt
    gettext_lazy("Your email has been changed from %(from_email)s to %(to_email)s."),
    # templates/account/email/email_changed_subject.txt
    gettext_lazy("Email Changed"),
    # templates/account/email/email_confirm_message.txt
    gettext_lazy("Your email has been confirmed."),
    # templates/account/email/email_confirm_subject.txt
    gettext_lazy("Email Confirmation"),
    # templates/account/email/email_confirmation_message.txt
    gettext_lazy(
        "You're receiving this email because user %(user_display)s has given your email address to register an account on %(site_domain)s."
    ),
    # templates/account/email/email_confirmation_message.txt
    gettext_lazy("To confirm this is correct, go to %(activate_url)s"),
    # templates/account/email/email_confirmation_subject.txt
    gettext_lazy("Please Confirm Your Email Address"),
    # templates/account/email/email_deleted_message.txt
    gettext_lazy("Email address %(deleted_email)s has been removed from your account."),
    # templates/account/email/email_deleted_subject.txt
    gettext_lazy("Email Removed"),
    # templates/account/email/password_changed_message.txt
    gettext_lazy("Your password has been changed."),
    # templates/account/email/password_changed_subject.txt
    gettext_lazy("Password Changed"),
    # templates/account/email/password_reset_key_message.txt
    gettext_lazy(
        "You're receiving this email because you or someone else has requested a password reset for your user account.\n"
        "It can be safely ignored if you did not request a password reset. Click the link below to reset your password."
    ),
    # templates/account/email/password_reset_key_subject.txt
    gettext_lazy("Password Reset Email"),
    # templates/account/email/password_reset_message.txt
    gettext_lazy("Your password has been reset."),
    # templates/account/email/password_reset_subject.txt, templates/account/password_reset.html, templates/account/password_reset_done.html
    gettext_lazy("Password Reset"),
    # templates/account/email/password_set_message.txt
    gettext_lazy("Your password has been set."),
    # templates/account/email/password_set_subject.txt
    gettext_lazy("Password Set"),
    # templates/account/email/unknown_account_message.txt
    gettext_lazy(
        "You are receiving this email because you, or someone else, tried to access an account with email %(email)s. However, we do not have any record of such an account in our database."
    ),
    # templates/account/email/unknown_account_message.txt
    gettext_lazy("This mail can be safely ignored if you did not initiate this action."),
    # templates/account/email/unknown_account_message.txt
    gettext_lazy("If it was you, you can sign up for an account using the link below."),
    # templates/account/email/unknown_account_subject.txt
    gettext_lazy("Unknown Account"),
    # templates/account/email_change.html
    gettext_lazy("Email Address"),
    # templates/account/email_change.html
    gettext_lazy("Current email"),
    # templates/account/email_change.html
    gettext_lazy("Changing to"),
    # templates/account/email_change.html
    gettext_lazy("Your email address is still pending verification."),
    # templates/account/email_change.html
    gettext_lazy("Cancel Change"),
    # templates/account/email_change.html
    gettext_lazy("Change to"),
    # templates/account/email_change.html
    gettext_lazy("Change Email"),
    # templates/account/email_confirm.html
    gettext_lazy("Confirm Email Address"),
    # templates/account/email_confirm.html
    gettext_lazy(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    ),
    # templates/account/email_confirm.html, templates/account/reauthenticate.html, templates/mfa/reauthenticate.html
    gettext_lazy("Confirm"),
    # templates/account/email_confirm.html, templates/account/messages/email_confirmation_failed.txt
    gettext_lazy("Unable to confirm %(email)s because it is already confirmed by a different account."),
    # templates/account/email_confirm.html
    gettext_lazy(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    # templates/account/login.html, templates/mfa/authenticate.html
    gettext_lazy("Sign In"),
    # templates/account/login.html
    gettext_lazy("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    # templates/account/logout.html
    gettext_lazy("Sign Out"),
    # templates/account/logout.html
    gettext_lazy("Are you sure you want to sign out?"),
    # templates/account/messages/cannot_delete_primary_email.txt
    gettext_lazy("You cannot remove your primary email address (%(email)s)."),
    # templates/account/messages/email_confirmation_sent.txt
    gettext_lazy("Confirmation email sent to %(email)s."),
    # templates/account/messages/email_confirmed.txt
    gettext_lazy("You have confirmed %(email)s."),
    # templates/account/messages/email_deleted.txt
    gettext_lazy("Removed email address %(email)s."),
    # templates/account/messages/logged_in.txt
    gettext_lazy("Successfully signed in as %(name)s."),
    # templates/account/messages/logged_out.txt
    gettext_lazy("You have signed out."),
    # templates/account/messages/password_changed.txt
    gettext_lazy("Password successfully changed."),
    # templates/account/messages/password_set.txt
    gettext_lazy("Password successfully set."),
    # templates/account/messages/primary_email_set.txt
    gettext_lazy("Primary email address set."),
    # templates/account/password_change.html, templates/account/password_reset_from_key.html, templates/account/password_reset_from_key_done.html
    gettext_lazy("Change Password"),
    # templates/account/password_reset.html
    gettext_lazy(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    # templates/account/password_reset.html
    gettext_lazy("Reset My Password"),
    # templates/account/password_reset.html
    gettext_lazy("Please contact us if you have any trouble resetting your password."),
    # templates/account/password_reset_done.html
    gettext_lazy(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    # templates/account/password_reset_from_key.html
    gettext_lazy("Bad Token"),
    # templates/account/password_reset_from_key.html
    gettext_lazy(
        'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    # templates/account/password_reset_from_key.html, templates/mfa/authenticate.html
    gettext_lazy("Cancel"),
    # templates/account/password_reset_from_key_done.html
    gettext_lazy("Your password is now changed."),
    # templates/account/password_set.html
    gettext_lazy("Set Password"),
    # templates/account/reauthenticate.html
    gettext_lazy("Enter your password:"),
    # templates/account/signup.html
    gettext_lazy("Signup"),
    # templates/account/signup.html
    gettext_lazy("Sign Up"),
    # templates/account/signup.html
    gettext_lazy("Already have an account? Then please %(link)ssign in%(end_link)s."),
    # templates/account/snippets/already_logged_in.html
    gettext_lazy("Note"),
    # templates/account/snippets/already_logged_in.html
    gettext_lazy("You are already logged in as %(user_display)s."),
    # templates/account/snippets/warn_no_email.html
    gettext_lazy("Warning:"),
    # templates/account/snippets/warn_no_email.html
    gettext_lazy(
        "You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc."
    ),
    # templates/account/verification_sent.html, templates/account/verified_email_required.html
    gettext_lazy("Verify Your Email Address"),
    # templates/account/verification_sent.html
    gettext_lazy(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."
    ),
    # templates/account/verified_email_required.html
    gettext_lazy(
        "This part of the site requires us to verify that\n"
        "you are who you claim to be. For this purpose, we require that you\n"
        "verify ownership of your email address. "
    ),
    # templates/account/verified_email_required.html
    gettext_lazy(
        "We have sent an email to you for\n"
        "verification. Please click on the link inside that email. If you do not see the verification email in your main inbox, check your spam folder. Otherwise\n"
        "contact us if you do not receive it within a few minutes."
    ),
    # templates/account/verified_email_required.html
    gettext_lazy('<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.'),
    # templates/mfa/authenticate.html, templates/mfa/index.html
    gettext_lazy("Two-Factor Authentication"),
    # templates/mfa/authenticate.html
    gettext_lazy("Your account is protected by two-factor authentication. Please enter an authenticator code:"),
    # templates/mfa/email/recovery_codes_generated_message.txt
    gettext_lazy("A new set of Two-Factor Authentication recovery codes has been generated."),
    # templates/mfa/email/recovery_codes_generated_subject.txt
    gettext_lazy("New Recovery Codes Generated"),
    # templates/mfa/email/totp_activated_message.txt, templates/mfa/messages/totp_activated.txt
    gettext_lazy("Authenticator app activated."),
    # templates/mfa/email/totp_activated_subject.txt
    gettext_lazy("Authenticator App Activated"),
    # templates/mfa/email/totp_deactivated_message.txt, templates/mfa/messages/totp_deactivated.txt
    gettext_lazy("Authenticator app deactivated."),
    # templates/mfa/email/totp_deactivated_subject.txt
    gettext_lazy("Authenticator App Deactivated"),
    # templates/mfa/index.html, templates/mfa/totp/base.html
    gettext_lazy("Authenticator App"),
    # templates/mfa/index.html
    gettext_lazy("Authentication using an authenticator app is active."),
    # templates/mfa/index.html
    gettext_lazy("An authenticator app is not active."),
    # templates/mfa/index.html, templates/mfa/totp/deactivate_form.html
    gettext_lazy("Deactivate"),
    # templates/mfa/index.html, templates/mfa/totp/activate_form.html
    gettext_lazy("Activate"),
    # templates/mfa/index.html, templates/mfa/recovery_codes/base.html, templates/mfa/recovery_codes/generate.html, templates/mfa/recovery_codes/index.html
    gettext_lazy("Recovery Codes"),
    # templates/mfa/index.html, templates/mfa/recovery_codes/index.html
    ngettext_lazy(
        "There is %(unused_count)s out of %(total_count)s recovery codes available.",
        "There are %(unused_count)s out of %(total_count)s recovery codes available.",
        2,
    ),
    # templates/mfa/index.html
    gettext_lazy("No recovery codes set up."),
    # templates/mfa/index.html
    gettext_lazy("View"),
    # templates/mfa/index.html
    gettext_lazy("Download"),
    # templates/mfa/index.html, templates/mfa/recovery_codes/generate.html
    gettext_lazy("Generate"),
    # templates/mfa/messages/recovery_codes_generated.txt
    gettext_lazy("A new set of recovery codes has been generated."),
    # templates/mfa/messages/recovery_codes_generated.txt
    gettext_lazy("Save them  in a secure location now — they won't be shown again."),
    # templates/mfa/reauthenticate.html
    gettext_lazy("Enter an authenticator code:"),
    # templates/mfa/recovery_codes/generate.html
    gettext_lazy("You are about to generate a new set of recovery codes for your account."),
    # templates/mfa/recovery_codes/generate.html
    gettext_lazy("This action will invalidate your existing codes."),
    # templates/mfa/recovery_codes/generate.html
    gettext_lazy("Are you sure?"),
    # templates/mfa/recovery_codes/index.html
    gettext_lazy("Unused codes"),
    # templates/mfa/recovery_codes/index.html
    gettext_lazy("Download codes"),
    # templates/mfa/recovery_codes/index.html
    gettext_lazy("Generate new codes"),
    # templates/mfa/recovery_codes/index.html
    gettext_lazy("I have saved my recovery codes"),
    # templates/mfa/totp/activate_form.html
    gettext_lazy("Activate Authenticator App"),
    # templates/mfa/totp/activate_form.html
    gettext_lazy(
        "To protect your account with two-factor authentication, scan the QR code below with your authenticator app. Then, input the verification code generated by the app below."
    ),
    # templates/mfa/totp/activate_form.html
    gettext_lazy("Authenticator secret"),
    # templates/mfa/totp/activate_form.html
    gettext_lazy("You can store this secret and use it to reinstall your authenticator app at a later time."),
    # templates/mfa/totp/deactivate_form.html
    gettext_lazy("Deactivate Authenticator App"),
    # templates/mfa/totp/deactivate_form.html
    gettext_lazy("You are about to deactivate authenticator app based authentication. Are you sure?"),
)
