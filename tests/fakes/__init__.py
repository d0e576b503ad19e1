"""Local stand-ins for the chat platforms' HTTP APIs (127.0.0.1 only)."""
