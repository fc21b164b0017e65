"""Scenarios: loops over the rules (alliance structures, power indices, sensitivity)."""
