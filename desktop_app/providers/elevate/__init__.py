"""The elevate provider: wire models, mapping to domain.Invoice, and the client."""
