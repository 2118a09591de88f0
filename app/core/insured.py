"""The insured when it is not the patient, a second insurance, and the referring provider.

A child or spouse on a parent's plan is billed under the subscriber (the policyholder): the
CMS-1500 boxes 4, 6, 7, 11a and the 837P loops 2000B/2010BA name the subscriber, and the
patient gets loops 2000C/2010CA. `subscriber.relationship` is the patient's relationship to the
subscriber; `self` (or no subscriber) means the patient is the insured.

Parsing follows the encounter's rule: a wrong type, a value outside its list or a date that is
not a date is unusable input; a blank or missing name is left for the exports to name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.core.validate import Reader

RELATIONSHIPS = ("self", "spouse", "child", "other")
RELATIONSHIP_WORDS = {"self": "the patient is the insured", "spouse": "the insured's spouse",
                      "child": "the insured's child", "other": "other relationship to the insured"}
REFERRING_QUALIFIERS = ("DN", "DK")       # DN referring provider, DK ordering provider
SEXES = ("F", "M", "U")


@dataclass
class Subscriber:
    """The insured (policyholder); only `relationship` is needed when it is the patient."""

    relationship: str = "self"
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    sex: str | None = None
    member_id: str | None = None
    address: object | None = None          # app.core.encounter.Address

    @property
    def is_patient(self) -> bool:
        return self.relationship == "self"


@dataclass
class SecondaryInsurance:
    payer_name: str | None = None
    payer_id: str | None = None            # its 837P id (2330B NM109)
    member_id: str | None = None
    group_number: str | None = None
    subscriber: Subscriber | None = None


@dataclass
class ReferringProvider:
    npi: str = ""
    first_name: str | None = None
    last_name: str | None = None
    qualifier: str = "DN"
    credential: str | None = None          # not in the file; a provider's name prints the same way

    @property
    def role(self) -> str:
        return "ordering" if self.qualifier == "DK" else "referring"


def _one_of(r: Reader, obj: dict, key: str, path: str, options: tuple[str, ...], what: str = "") -> str | None:
    """The value at `key` if it is one of `options`; else a problem listing them in words (`what`
    says what the codes mean)."""
    value = obj.get(key)
    if value is None:
        return None
    if value not in options:
        listed = ", ".join(options[:-1]) + f" or {options[-1]}"
        r.problem(f"{path}.{key}", f"must be {listed}{what} (found {value!r})")
        return None
    return value


def parse_subscriber(r: Reader, obj: dict, path: str, address) -> Subscriber:
    """`address(reader, obj, path)` reads an address as the encounter does."""
    return Subscriber(
        relationship=_one_of(r, obj, "relationship", path, RELATIONSHIPS,
                             ": the patient's relationship to the insured") or "self",
        first_name=r.text(obj, "first_name", path),
        last_name=r.text(obj, "last_name", path),
        date_of_birth=r.date(obj, "date_of_birth", path),
        sex=_one_of(r, obj, "sex", path, SEXES),
        member_id=r.text(obj, "member_id", path),
        address=r.obj(obj, "address", path, lambda o, p: address(r, o, p)),
    )


def parse_secondary(r: Reader, obj: dict, path: str, address) -> SecondaryInsurance:
    return SecondaryInsurance(
        payer_name=r.text(obj, "payer_name", path),
        payer_id=r.text(obj, "payer_id", path),
        member_id=r.text(obj, "member_id", path),
        group_number=r.text(obj, "group_number", path),
        subscriber=r.obj(obj, "subscriber", path, lambda o, p: parse_subscriber(r, o, p, address)),
    )


def parse_referring(r: Reader, obj: dict, path: str) -> ReferringProvider:
    return ReferringProvider(
        npi=r.text(obj, "npi", path) or "",
        first_name=r.text(obj, "first_name", path),
        last_name=r.text(obj, "last_name", path),
        qualifier=_one_of(r, obj, "qualifier", path, REFERRING_QUALIFIERS,
                          " (DN referring, DK ordering provider)") or "DN",
    )


@dataclass
class Insured:
    """The insured as the claim names it: the subscriber, or the patient when they are the same."""

    relationship: str
    last_name: str
    first_name: str
    date_of_birth: date | None
    sex: str
    member_id: str
    address: object | None

    @property
    def is_patient(self) -> bool:
        return self.relationship == "self"


def _blank(value) -> str:
    return (value or "").strip()


def insured_of(patient, subscriber: Subscriber | None) -> Insured:
    """The insured for `patient` (app.core.encounter.Patient) under `subscriber` (None: the patient)."""
    if subscriber is None or subscriber.is_patient:
        return Insured("self", _blank(patient.last_name), _blank(patient.first_name), patient.date_of_birth,
                       patient.sex or "U", _blank(patient.member_id), patient.address)
    return Insured(subscriber.relationship, _blank(subscriber.last_name), _blank(subscriber.first_name),
                   subscriber.date_of_birth, subscriber.sex or "U",
                   _blank(subscriber.member_id) or _blank(patient.member_id), subscriber.address)


def missing_for_insured(insured: Insured, where: str = "subscriber") -> list[str]:
    """What a claim needs about an insured who is not the patient, in words with the field's path."""
    if insured.is_patient:
        return []
    missing = []
    if not insured.last_name:
        missing.append(f"the insured's last name ({where}.last_name)")
    if not insured.first_name:
        missing.append(f"the insured's first name ({where}.first_name)")
    if not insured.member_id:
        missing.append(f"the insured's member id ({where}.member_id)")
    return missing
