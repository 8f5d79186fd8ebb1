from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "neuguong.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_stored_at_login

        user_logged_in.connect(session_stored_at_login, dispatch_uid="neuguong.session_stored_at_login")
