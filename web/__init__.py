"""What every request passes through around the apps: input hardening, cost budgets and rate limits,
database outages, and the interface language."""
