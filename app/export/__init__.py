"""Exports: the claim summary PDF, the CMS-1500 PDF and the 837P file (core claim in, file out)."""
