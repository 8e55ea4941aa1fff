"""The order agent: an email-first automation agent for a design studio."""
