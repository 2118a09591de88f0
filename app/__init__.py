"""InjectClaim: builds and checks office-injection claims (CPT 96372 and the drug line) offline."""

__version__ = "0.1.0"
