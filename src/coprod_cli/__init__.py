"""coprod: acuerdos de coproducción de la seguridad como archivos YAML."""

__version__ = "0.1.0"
