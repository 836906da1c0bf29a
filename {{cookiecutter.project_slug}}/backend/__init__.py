"""The service's backend package."""
