"""cxm: CX maturity scorecards from YAML."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cxm")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
