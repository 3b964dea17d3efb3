"""API of the order lifecycle: tracking without login, the account's order list."""
