"""The policykg command line: one click group, one module per verb."""
