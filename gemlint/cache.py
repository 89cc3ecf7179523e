"""The on-disk cache of per-file extraction results, in ``.gemlint_cache/``.

One JSON file per (gemlint version, extraction settings, record fields,
inventory) key, mapping each file to its size, mtime, content digest and
``FileResult``. A file whose size and mtime are unchanged is not read again; a
parsed file whose stat changed is re-read and its result reused when its
content digest is the same. A scan of a few files (a pre-commit run) neither
reads nor writes it: loading a whole project's entries would cost more.

The cache is data, never code, and only gemlint's own data is believed:

- its first line carries an HMAC-SHA256 of the file's path and content, made
  with a key kept outside the project, in the user's cache folder
  (``$GEMLINT_USER_CACHE_DIR``, else ``$XDG_CACHE_HOME/gemlint``, else
  ``~/.cache/gemlint``; created 0600 on first use). A cache that gemlint did
  not write on this machine (shipped in a repository, copied, edited) fails
  the check and is ignored with one notice, so results always come from the
  files themselves;
- the rest is JSON, read back into records field by field
  (``cache_codec.py``); anything unexpected discards the whole cache, with
  one notice, and the scan rebuilds it;
- the folder carries a ``.gitignore`` and a ``CACHEDIR.TAG``; nothing is read
  or written through a symlink that leads out of the project
  (``safe_write.py``).
"""

from __future__ import annotations

import os
import stat
from typing import Callable, Dict, Optional, Sequence

from gemlint import __version__
from gemlint.digest import digest, mac, same_digest
from gemlint.safe_write import OutsideProject, is_under, make_dirs, resolve_target, write_bytes
from gemlint.types import CacheEntry as Entry  # size, mtime_ns, content digest, result (None: nothing)
from gemlint.types import FileResult

CACHE_DIRNAME = ".gemlint_cache"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by gemlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
MAGIC = b"GEMLINT-CACHE 2 "  # then the hex MAC (keyed BLAKE2b) and a newline, then the JSON entries
KEY_FILE = "key"
USER_DIR_ENV = "GEMLINT_USER_CACHE_DIR"
Notify = Callable[[str], None]


def content_digest(data: bytes) -> str:
    """A digest of the file's bytes."""
    return digest(data)


class Unsigned(Exception):
    """A file that is not a signed gemlint file of this machine; ``str()`` says why in one line."""


def signature(key: bytes, real_path: str, body: bytes) -> bytes:
    """The signature line's MAC (keyed BLAKE2b) of a file's real path and content, with this machine's key."""
    return mac(key, MAGIC + os.fsencode(real_path) + b"\0" + body).encode()


def signed(key: bytes, real_path: str, body: bytes) -> bytes:
    """The bytes of a signed gemlint file (cache or project index) holding ``body`` at ``real_path``."""
    return MAGIC + signature(key, real_path, body) + b"\n" + body


def read_signed(real_path: str, key: bytes) -> bytes:
    """The body of the signed file at ``real_path``: OSError when it cannot be opened, Unsigned when it is no
    regular file, no gemlint file, or signed with another key or content."""
    # O_NONBLOCK: a planted FIFO must not hang the scan (it is refused below)
    fd = os.open(real_path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # before fdopen, which refuses a folder with an OSError
        os.close(fd)
        raise Unsigned("not a regular file")
    with os.fdopen(fd, "rb") as fh:
        head = fh.readline(len(MAGIC) + 80)
        body = fh.read()
    if not head.startswith(MAGIC) or not head.endswith(b"\n"):
        raise Unsigned("not a gemlint cache file")
    if not same_digest(head[len(MAGIC) : -1], signature(key, real_path, body)):
        raise Unsigned("its signature does not match (not written by gemlint on this machine, or damaged)")
    return body


class CacheUnusable(Exception):
    """The cache cannot be used this run; ``str()`` says why in one line."""


class Cache:
    """Per-file results for one settings key; load once, save once.

    ``roots`` are the project folders the cache must stay in (default: the
    folder holding the cache folder); ``notify`` receives the one-line notice
    when a cache is ignored or cannot be used.
    """

    def __init__(self, folder: str, key: str, roots: Sequence[str] = (), notify: Optional[Notify] = None):
        self.folder = folder
        self.file = os.path.join(folder, __version__, f"{key}.json")
        self.roots = tuple(roots) or (os.path.dirname(os.path.abspath(folder)),)
        self.notify = notify or (lambda message: None)
        self.entries: Dict[str, Entry] = {}
        self.dirty = False
        self.usable = True
        self._key: Optional[bytes] = None

    def load(self) -> None:
        """Read the cache file if it is gemlint's own and well-formed; otherwise start afresh (one notice)."""
        try:
            self._key = signing_key(self.roots)
            for path in (self.folder, self.file):
                try:
                    real = resolve_target(path, self.roots)
                except OutsideProject as exc:
                    raise CacheUnusable(f"{_shown(path)}: {exc}") from None
        except CacheUnusable as exc:
            self.usable = False
            self.notify(f"cache not used: {exc}")
            return
        try:
            body = read_signed(real, self._key)
        except Unsigned as exc:
            return self._discard(str(exc))
        except OSError:  # missing or unreadable: a cold run
            return
        import json

        from gemlint.cache_codec import CodecError, decode_entries

        try:
            self.entries = decode_entries(json.loads(body))
        except TypeError as exc:  # a record field of a type the cache cannot hold: a bug, said once, not a crash
            self.usable = False
            self.notify(f"cache not used: {exc}")
        except (ValueError, RecursionError) as exc:  # CodecError and JSONDecodeError are ValueErrors
            why = str(exc).splitlines()[0] if isinstance(exc, CodecError) else "not valid JSON"
            self._discard(f"not a valid gemlint cache ({why})")

    def _discard(self, why: str) -> None:
        self.entries = {}
        self.dirty = True  # rewrite it even if nothing changes, so the notice is not repeated
        self.notify(f"{_shown(self.file)}: {why}; ignored, rebuilding the cache")

    def get(self, path: str, size: int, mtime_ns: int) -> Optional[FileResult]:
        entry = self.entries.get(path)
        if entry is not None and entry[0] == size and entry[1] == mtime_ns:
            return self.result(path, entry)
        return None

    @staticmethod
    def result(path: str, entry: Entry) -> FileResult:
        """The entry's result; files that yielded nothing are stored as None (a smaller, faster cache)."""
        return entry[3] if entry[3] is not None else FileResult(path)

    def put(self, path: str, size: int, mtime_ns: int, digest: str, result: FileResult) -> None:
        empty = not (
            result.refs
            or result.errors
            or result.suppressions
            or result.exports
            or result.pending
            or result.env
            or result.writes
        )
        self.entries[path] = (size, mtime_ns, digest, None if empty else result)
        self.dirty = True

    def save(self) -> None:
        """Sign and write atomically; a cache that cannot be written is simply not kept."""
        if not self.dirty or not self.usable or self._key is None:
            return
        import json

        from gemlint.cache_codec import encode_entries

        try:
            # Records are NamedTuples: JSON writes each as the list of its fields (read back by cache_codec).
            table = encode_entries(self.entries)
            body = json.dumps(table, separators=(",", ":"), check_circular=False).encode("ascii")
        except (TypeError, ValueError) as exc:
            self.notify(f"cache not written: {exc}")
            return
        try:
            ensure_cache_dir(self.folder, self.roots)
            real = make_dirs(os.path.dirname(self.file), self.roots)
            target = os.path.join(real, os.path.basename(self.file))
            assert self._key is not None
            write_bytes(target, signed(self._key, resolve_target(target, self.roots), body), self.roots)
        except OutsideProject as exc:
            self.notify(f"cache not written: {_shown(exc.filename)}: {exc}")
        except OSError:
            pass


def ensure_cache_dir(folder: str, roots: Sequence[str] = ()) -> None:
    """Create the cache folder with its .gitignore and CACHEDIR.TAG (never through a symlink leaving ``roots``)."""
    make_dirs(folder, roots)
    for name, text in ((".gitignore", "# Automatically created by gemlint.\n*\n"), ("CACHEDIR.TAG", CACHEDIR_TAG)):
        target = os.path.join(folder, name)
        if not os.path.lexists(target):
            write_bytes(target, text.encode("utf-8"), roots)


def default_cache_dir(root: str) -> str:
    return os.path.join(root, CACHE_DIRNAME)


def user_cache_dir() -> str:
    """gemlint's folder in the user's own cache (never in a project): where the signing key lives."""
    override = os.environ.get(USER_DIR_ENV)
    if override:
        return os.path.abspath(override)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec ignores relative paths
        if os.name == "nt":
            base = os.environ.get("LOCALAPPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Local")
        else:
            base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "gemlint")


def signing_key(roots: Sequence[str] = ()) -> bytes:
    """This machine's cache key (32 random bytes), created 0600 on first use; raises CacheUnusable.

    A key inside the project (``XDG_CACHE_HOME`` pointing into the checkout)
    could come with the repository, so it is refused.
    """
    folder = user_cache_dir()
    path = os.path.join(folder, KEY_FILE)
    real = os.path.realpath(path)
    for root in roots:
        if is_under(real, os.path.realpath(root)):
            raise CacheUnusable(f"the signing key {path} lies inside the project; set {USER_DIR_ENV} elsewhere")
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise CacheUnusable(f"cannot read the signing key {path}: {(exc.strerror or str(exc)).lower()}") from None
    try:
        return _create_key(folder, path)
    except OSError as exc:
        raise CacheUnusable(f"cannot create the signing key {path}: {(exc.strerror or str(exc)).lower()}") from None


def _read_key(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        text = fh.read(65)
    if not stat.S_ISREG(st.st_mode) or len(text) != 64:
        raise OSError(0, "not a gemlint key file (delete it to make a new one)")
    if os.name == "posix" and (st.st_mode & 0o077 or st.st_uid != os.getuid()):
        raise OSError(0, "others can read or own it (delete it to make a new one)")
    try:
        return bytes.fromhex(text.decode("ascii"))
    except ValueError:
        raise OSError(0, "not a gemlint key file (delete it to make a new one)") from None


def _create_key(folder: str, path: str) -> bytes:
    """Write a new key under a temporary name, then link it in place (a racing gemlint's key wins)."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    tmp = os.path.join(folder, f".{KEY_FILE}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32).hex().encode("ascii"))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links here
            os.replace(tmp, path)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return _read_key(path)


def remove_cache(folder: Optional[str] = None) -> Optional[str]:
    """Delete the cache folder (default: the project's); return it if it existed.

    A cache folder that is a symlink loses the link only, never what it points to.
    """
    if folder is None:
        from gemlint.config import find_config

        found = find_config(".")
        folder = default_cache_dir(os.path.dirname(found) if found else os.getcwd())
    if os.path.islink(folder):
        os.unlink(folder)
        return folder
    if not os.path.isdir(folder):
        return None
    import shutil

    shutil.rmtree(folder)
    return folder


def _shown(path: str) -> str:
    """``path`` relative to the working folder when inside it."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    return os.path.relpath(absolute, cwd) if is_under(absolute, cwd) else absolute
