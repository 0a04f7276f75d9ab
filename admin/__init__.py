"""Staff web UI, statistics and export."""
