"""HTTP middleware and exception handlers."""
