"""A small Language Server Protocol client for the real yaml-language-server (npm), over stdio.

It is what an editor does with the server, as plain JSON-RPC: initialize, hand it the settings
(`yaml.schemas` associates the assessment schema with the files), open a document, then ask for
hovers and completions and read the diagnostics the server publishes. The tests use it to see
the schema as VS Code's YAML extension (whose engine the server is) shows it.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# `npm ci` installs it (package.json); YAML_LANGUAGE_SERVER names another copy of its bin file.
SERVER = Path(
    os.environ.get("YAML_LANGUAGE_SERVER")
    or ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
)
TIMEOUT = 30.0


def server_command() -> list[str] | None:
    """How to start the server, or None when it (or node) is not installed."""
    node = shutil.which("node")
    if node is None or not SERVER.is_file():
        return None
    return [node, str(SERVER), "--stdio"]


class ServerError(RuntimeError):
    """The server answered a request with an error, or died, or did not answer in time."""


class Client:
    """One server process. Use as a context manager; `settings` are the `yaml` section."""

    def __init__(self, root: Path, settings: dict[str, Any], command: list[str] | None = None):
        command = command or server_command()
        if command is None:
            raise ServerError("yaml-language-server is not installed (npm ci)")
        self.root = root
        self.settings = {
            "yaml": settings,
            "http": {"proxy": "", "proxyStrictSSL": False},
            "[yaml]": {},
            "editor": {},
        }
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
            env={**os.environ, "NODE_NO_WARNINGS": "1"},
        )
        self._next_id = 0
        self._lock = threading.Lock()
        self._answers: dict[int, queue.Queue] = {}
        self.diagnostics: queue.Queue = queue.Queue()
        self._versions: dict[str, int] = {}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # -- the wire ---------------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        with self._lock:
            stdin = self.process.stdin
            assert stdin is not None
            stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
            stdin.flush()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = None
            while True:
                line = stdout.readline()
                if not line:
                    self._closed()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self._dispatch(json.loads(stdout.read(length)))

    def _closed(self) -> None:
        for answer in list(self._answers.values()):
            answer.put({"error": {"message": "the server stopped"}})

    def _dispatch(self, message: dict) -> None:
        if "id" in message and "method" not in message:  # an answer to one of our requests
            answer = self._answers.pop(message["id"], None)
            if answer is not None:
                answer.put(message)
            return
        method = message.get("method")
        if "id" in message:  # the server asks the client
            result: Any = None
            if method == "workspace/configuration":
                items = message["params"]["items"]
                result = [self.settings.get(item.get("section"), None) for item in items]
            self._send({"id": message["id"], "result": result})
        elif method == "textDocument/publishDiagnostics":
            self.diagnostics.put(message["params"])

    def request(self, method: str, params: Any) -> Any:
        with self._lock:
            self._next_id += 1
            number = self._next_id
        answer: queue.Queue = queue.Queue()
        self._answers[number] = answer
        self._send({"id": number, "method": method, "params": params})
        try:
            message = answer.get(timeout=TIMEOUT)
        except queue.Empty:
            raise ServerError(f"no answer to {method} in {TIMEOUT:.0f}s") from None
        if "error" in message:
            raise ServerError(f"{method}: {message['error'].get('message')}")
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    # -- what an editor does ----------------------------------------------------------------

    def __enter__(self) -> Client:
        uri = self.root.as_uri()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": self.root.name}],
                "capabilities": {
                    "workspace": {"configuration": True, "workspaceFolders": True},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {
                            "completionItem": {
                                "snippetSupport": True,
                                "documentationFormat": ["markdown", "plaintext"],
                            }
                        },
                        "publishDiagnostics": {"relatedInformation": True},
                    },
                },
            },
        )
        self.notify("initialized", {})
        # The server pulls the settings (workspace/configuration) when told they changed.
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return self

    def __exit__(self, *exc_info: object) -> None:
        with contextlib.suppress(ServerError, OSError):
            self.request("shutdown", None)
            self.notify("exit", None)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def open(self, path: Path, text: str) -> str:
        """Open (or reopen, with a new version) a document; returns its URI."""
        uri = path.as_uri()
        version = self._versions.get(uri, 0) + 1
        if uri in self._versions:
            self.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text}],
                },
            )
        else:
            self.notify(
                "textDocument/didOpen",
                {
                    "textDocument": {
                        "uri": uri,
                        "languageId": "yaml",
                        "version": version,
                        "text": text,
                    }
                },
            )
        self._versions[uri] = version
        return uri

    def diagnostics_of(self, path: Path, text: str) -> list[dict]:
        """The diagnostics the server publishes for `text` as the content of `path`."""
        uri = self.open(path, text)
        version = self._versions[uri]
        while True:
            try:
                params = self.diagnostics.get(timeout=TIMEOUT)
            except queue.Empty:
                raise ServerError(f"no diagnostics for {path.name} in {TIMEOUT:.0f}s") from None
            if params["uri"] == uri and params.get("version", version) == version:
                return params["diagnostics"]

    def hover(self, uri: str, line: int, character: int) -> str:
        """The hover's text at a 0-based position ('' when there is none)."""
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, dict):
            return contents.get("value", "")
        if isinstance(contents, list):
            return "\n".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
        return str(contents)

    def completion(self, uri: str, line: int, character: int) -> list[dict]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if isinstance(result, dict):
            return result.get("items", [])
        return result or []


def position_of(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """0-based line and character of `needle` in `text` (plus `offset` characters)."""
    index = text.index(needle) + offset
    before = text[:index]
    return before.count("\n"), index - (before.rfind("\n") + 1)
