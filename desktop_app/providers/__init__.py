"""Provider clients: fetch invoices with their line items and normalise them to ``domain.Invoice``.

Public API::

    load_config(path) -> list[ProviderConfig]            # raises ConfigError (one line)
    await fetch_all(configs, date_from=..., date_to=..., secrets=...) -> FetchResult
    ContentIgniteClient / VersoriClient / ElevateClient  # one provider account each

Everything HTTP goes through ``http_client.ProviderHttp`` (timeouts, retries, Retry-After,
error mapping, exact JSON); errors form the tree in ``errors``. No Qt here.
"""

from desktop_app.providers.base import DateWindow, ProviderClient
from desktop_app.providers.clients import ClientOptions, create_client
from desktop_app.providers.config import (
    DEFAULT_BASE_URLS,
    DEFAULT_DIRECTIONS,
    ProviderConfig,
    ProviderKind,
    load_config,
    parse_config,
)
from desktop_app.providers.content_ignite.client import ContentIgniteClient
from desktop_app.providers.elevate.client import ElevateClient
from desktop_app.providers.errors import (
    AuthenticationError,
    ConfigError,
    CredentialsError,
    MalformedResponseError,
    ProviderConnectionError,
    ProviderDataError,
    ProviderError,
    ProviderHTTPError,
    ProviderReportedError,
    ProviderRequestError,
    ProviderResponseError,
    ProviderTimeoutError,
    RateLimitedError,
    SchemaError,
)
from desktop_app.providers.fetch import FetchResult, ProviderFailure, fetch_all
from desktop_app.providers.invoice_json import fetch_result_to_json, invoice_to_json
from desktop_app.providers.policy import HttpPolicy, RetryPolicy, Timeouts
from desktop_app.providers.versori.client import VersoriClient

__all__ = [
    "DEFAULT_BASE_URLS",
    "DEFAULT_DIRECTIONS",
    "AuthenticationError",
    "ClientOptions",
    "ConfigError",
    "ContentIgniteClient",
    "CredentialsError",
    "DateWindow",
    "ElevateClient",
    "FetchResult",
    "HttpPolicy",
    "MalformedResponseError",
    "ProviderClient",
    "ProviderConfig",
    "ProviderConnectionError",
    "ProviderDataError",
    "ProviderError",
    "ProviderFailure",
    "ProviderHTTPError",
    "ProviderKind",
    "ProviderReportedError",
    "ProviderRequestError",
    "ProviderResponseError",
    "ProviderTimeoutError",
    "RateLimitedError",
    "RetryPolicy",
    "SchemaError",
    "Timeouts",
    "VersoriClient",
    "create_client",
    "fetch_all",
    "fetch_result_to_json",
    "invoice_to_json",
    "load_config",
    "parse_config",
]
