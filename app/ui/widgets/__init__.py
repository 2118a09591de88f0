"""Input widgets the wizard pages share: search-as-you-type boxes, the date edit, choices, forms."""
