"""LINE webhook and replies (see the LINE bot issue)."""
