"""`coprod serve`: the local web app for the secretary (web/), on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import typer

from ..lang import _
from .application import app
from .common import console, escape, fail, root_of

LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: Every address at once: the Host check could not know which name the browser uses, and it exposes every network.
WILDCARD = ("0.0.0.0", "::", "")


@app.command("serve", help=_("Abre una aplicación web local para registrar el avance, el monitoreo, las sesiones y los indicadores sin editar YAML."))
def serve(
    path: Path = typer.Argument(Path("."), metavar=_("RUTA"), help=_("Repositorio de acuerdos (por defecto, la carpeta actual)."), show_default=False),
    port: int = typer.Option(8000, "--port", help=_("Puerto (0: uno libre cualquiera)."), min=0, max=65535),
    host: str = typer.Option("127.0.0.1", "--host", help=_("Dirección en que escucha. Solo esta computadora por defecto; otra dirección expone la aplicación a la red.")),
    open_browser: bool = typer.Option(False, "--open", help=_("Abre la aplicación en el navegador al iniciar.")),
    git: bool = typer.Option(False, "--git", help=_("Permite guardar los cambios en git desde la aplicación (commit con su mensaje; nunca push).")),
) -> None:
    from ..web import require_web
    from ..web.server import bind, serve_forever

    require_web()
    root = root_of(path)
    if host.strip() in WILDCARD:
        fail(
            _(
                    "«--host {host}» escucharía en todas las redes a la vez: escriba la dirección de esta computadora en la red de "
                    "confianza (por ejemplo «--host 192.168.1.10») o no use «--host» (solo esta computadora)"
                ).format(host=host)
        )
    if host not in LOOPBACK:
        console().print(escape(
            _(
                    "Atención: con «--host {host}» la aplicación escucha fuera de esta computadora. Cualquiera en la red que vea "
                    "la dirección con su clave podría cambiar los archivos: úselo solo en una red de confianza."
                ).format(host=host)
        ))
    sock, guard = bind(host, port)
    url = guard.url()
    console().print(escape(_("coprod sirve «{name}» en esta dirección (ábrala en el navegador; incluye la clave de la sesión):").format(name=root.name)))
    console().print(escape(f"    {url}"), soft_wrap=True)
    console().print(_("Para terminar, pulse Ctrl+C."))
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        serve_forever(root, sock, guard, git)
    except KeyboardInterrupt:
        pass
    console().print(_("coprod serve terminó."))
