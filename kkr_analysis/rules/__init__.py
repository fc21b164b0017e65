"""KL's rules, one module per rule family: lists, composition, chair election, § 24."""
