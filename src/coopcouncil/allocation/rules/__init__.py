"""The counting rules. Each takes an Election and keyword options and returns an Allocation."""
