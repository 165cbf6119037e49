"""The provider the settings ask for."""

from __future__ import annotations

from backend.db import Database
from backend.identity.base import IdentityProvider
from backend.settings import Settings


def make_provider(settings: Settings, db: Database) -> IdentityProvider:
    if settings.identity_provider == "gateway":
        from backend.identity.gateway import HttpGatewayProvider

        return HttpGatewayProvider(
            settings.identity_gateway_url,
            timeout=settings.identity_gateway_timeout,
            ca_bundle=settings.identity_gateway_ca_bundle,
            api_key=settings.identity_gateway_api_key,
        )
    from backend.identity.local import LocalRegistryProvider

    return LocalRegistryProvider(db)
