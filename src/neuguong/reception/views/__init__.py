"""The reception's pages, split by sub-domain."""
