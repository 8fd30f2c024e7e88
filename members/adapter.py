"""allauth's account adapter: the client's address for its rate limits comes from pages.clients (one
source of truth with the API's throttles, TRUSTED_PROXIES), not from allauth's own proxy settings."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from pages.clients import client_address


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request)
