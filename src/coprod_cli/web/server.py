"""The socket and the server loop for `coprod serve` (uvicorn, one process, no reload)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from ..errors import CoprodError
from .security import Guard


def bind(host: str, port: int) -> tuple[socket.socket, Guard]:
    """The listening socket, bound here so that a taken port is a Spanish message and port 0 a free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: no other program may bind the same port over ours
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if port and exc.errno in (48, 98, 10048):  # EADDRINUSE on macOS, Linux, Windows
            raise CoprodError(f"el puerto {port} ya está en uso (¿otro «coprod serve» abierto?): use otro con «--port», por ejemplo «--port {port + 1}»") from None
        raise CoprodError(f"no se pudo escuchar en {host}:{port} ({exc.strerror or exc}); revise «--host» y «--port»") from None
    sock.set_inheritable(True)
    return sock, Guard(port=sock.getsockname()[1], host=host)


def serve_forever(root: Path, sock: socket.socket, guard: Guard, git: bool = False) -> None:
    """Serve until Ctrl+C (KeyboardInterrupt reaches the caller)."""
    import uvicorn

    from .app import create_app

    app = create_app(root, guard, git)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off",
        server_header=False, date_header=False, log_config=_quiet_logging(),
    )
    server = uvicorn.Server(config)
    server.run(sockets=[sock])


def _quiet_logging() -> dict[str, Any]:
    """uvicorn's errors only (its own startup lines are English and say nothing the secretary needs)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "coprod serve: %(message)s"}},
        "handlers": {"err": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
        "loggers": {"uvicorn": {"handlers": ["err"], "level": "ERROR", "propagate": False},
                    "uvicorn.error": {"handlers": ["err"], "level": "ERROR", "propagate": False}},
    }
