"""The Pydantic models of the two file kinds, and the rules every later stage reads alike."""
