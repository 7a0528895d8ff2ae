"""HTTPS for `serve --tls`: a local CA and a certificate for localhost, 127.0.0.1 and ::1 (and the host served on),
made with `trustme` and written out so that clients can trust the CA; or the user's own `--tls-cert/--tls-key`.

The files go to `tls_dir` (default `.tokopedia-mock-tls` in the working directory): `ca.pem` (give it to clients:
`SSL_CERT_FILE=.tokopedia-mock-tls/ca.pem`, `httpx.Client(verify=...)`, `curl --cacert`), `server.pem` and
`server-key.pem`. They are kept and reused on the next start, so a client trusts the CA once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mockserver.settings import Settings

DEFAULT_DIR = ".tokopedia-mock-tls"
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path
    ca: Path | None  # None: the user's own certificate


def enabled(settings: Settings) -> bool:
    return settings.tls or bool(settings.tls_cert)


def prepare(settings: Settings) -> TlsFiles | None:
    """The certificate files to serve with, generating the local CA and certificate when needed; None: plain HTTP."""
    if settings.tls_cert or settings.tls_key:
        if not (settings.tls_cert and settings.tls_key):
            raise ValueError("--tls-cert and --tls-key go together")
        cert, key = Path(settings.tls_cert), Path(settings.tls_key)
        for f in (cert, key):
            if not f.is_file():
                raise ValueError(f"TLS file {f} does not exist")
        return TlsFiles(cert, key, None)
    if not settings.tls:
        return None
    folder = Path(settings.tls_dir or DEFAULT_DIR)
    files = TlsFiles(folder / "server.pem", folder / "server-key.pem", folder / "ca.pem")
    if not all(f.is_file() for f in (files.cert, files.key, files.ca or files.cert)):
        generate(folder, _names(settings.host))
    return files


def _names(host: str) -> list[str]:
    names = list(LOCAL_NAMES)
    if host and host not in ("0.0.0.0", "::", *names):
        names.append(host)
    return names


def generate(folder: Path, names: list[str]) -> None:
    try:
        import trustme
    except ImportError:  # pragma: no cover - the extra is in every install we test
        raise ValueError("--tls needs the 'trustme' package: pip install 'tokopedia-mock[tls]'") from None
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="tokopedia-mock local CA")
    cert = ca.issue_cert(*names)
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    cert.private_key_pem.write_to_path(str(folder / "server-key.pem"))
    chain = folder / "server.pem"
    chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    (folder / "server-key.pem").chmod(0o600)
