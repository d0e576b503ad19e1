"""Web pages: the public anslagstavla, the archive and the follow-up board (server-rendered)."""
