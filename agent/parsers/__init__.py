"""Readers that turn a raw client reply into its new text and a typed decision."""
