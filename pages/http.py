from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control


def private(response: HttpResponse) -> HttpResponse:
    """Mark a response that carries one visitor's data: never stored by a shared cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
