"""The encounter wizard: one module per page, and the QWizard that holds them (encounter_wizard)."""
