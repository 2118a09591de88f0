"""Who a claim names, in the shape the printed forms and the 837P both need.

The billing provider comes from the encounter's `billing_provider`, else the practice settings,
else the rendering provider (a solo practice bills under its own NPI), field by field. Each
field remembers where it was looked for, so an export that refuses can say which setting or
JSON path to fill in.

`practice` is always the flat settings dict of `app.store.settings.all_settings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.encounter import Address, Encounter, Provider

_FALLBACKS = {  # field: (encounter billing_provider path, practice setting)
    "name": ("billing_provider.name", "practice.name"),
    "npi": ("billing_provider.npi", "practice.npi"),
    "tax_id": ("billing_provider.tax_id", "practice.tax_id"),
    "address": ("billing_provider.address", "practice.address"),
}


@dataclass
class BillingParty:
    """The billing provider: an organisation (`name`) or, failing one, a person."""

    name: str = ""
    last_name: str = ""
    first_name: str = ""
    npi: str = ""
    tax_id: str = ""
    address: Address | None = None
    phone: str = ""
    looked_in: dict = field(default_factory=dict)  # field -> "billing_provider.x or practice.x"

    @property
    def is_person(self) -> bool:
        return not self.name

    @property
    def display_name(self) -> str:
        return self.name or " ".join(p for p in (self.first_name, self.last_name) if p)


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def practice_address(practice: dict) -> Address | None:
    parts = {k: (practice.get(f"practice.address.{k}") or "").strip() for k in ("line1", "city", "state", "zip")}
    return Address(**parts) if any(parts.values()) else None


def address_complete(address: Address | None) -> bool:
    return bool(address and address.line1 and address.city and address.state and address.zip)


def _looked_in(encounter: Encounter, key: str) -> str:
    own_path, setting = _FALLBACKS[key]
    return f"{own_path} or {setting}" if encounter.billing_provider else setting


def billing_party(encounter: Encounter, practice: dict) -> BillingParty:
    """The billing provider for `encounter`: its own, else the practice's, else the rendering provider."""
    own = encounter.billing_provider
    rendering = encounter.rendering_provider
    name = (own and own.name) or practice.get("practice.name") or ""
    own_address = own.address if own and address_complete(own.address) else None
    party = BillingParty(
        name=name.strip(),
        npi=((own and own.npi) or practice.get("practice.npi") or rendering.npi or "").strip(),
        tax_id=digits((own and own.tax_id) or practice.get("practice.tax_id")),
        address=own_address or practice_address(practice),
        phone=digits(practice.get("practice.phone")),
        looked_in={key: _looked_in(encounter, key) for key in _FALLBACKS},
    )
    if party.is_person:
        party.last_name, party.first_name = rendering.last_name or "", rendering.first_name or ""
    return party


def person_name(provider: Provider | None) -> str:
    """`Grace Hopper MD`, as printed under a signature or on a summary."""
    if provider is None:
        return ""
    return " ".join(p for p in (provider.first_name, provider.last_name, provider.credential) if p)


def one_line_address(address: Address | None) -> str:
    if address is None:
        return ""
    city = ", ".join(p for p in (address.city, " ".join(p for p in (address.state, address.zip) if p)) if p)
    return ", ".join(p for p in (address.line1, city) if p)
