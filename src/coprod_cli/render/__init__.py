"""Turn results into output: terminal (rich), machine formats, reports."""
