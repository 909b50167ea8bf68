"""The content_ignite provider: wire models, mapping to domain.Invoice, and the client."""
