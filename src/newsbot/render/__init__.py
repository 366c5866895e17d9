"""One renderer per surface: the terminal, Telegram HTML, and JSON."""
