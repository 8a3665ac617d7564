"""Errors that stop a command, caught at the edge (the CLI, the MkDocs plugin) and turned
into a message and an exit code."""

from __future__ import annotations


class CxmError(Exception):
    """A problem that stops a command: turned into a message and exit code at the CLI."""

    exit_code = 1


class UsageError(CxmError):
    """Bad flag, missing path or unreadable configuration: exit 2."""

    exit_code = 2
