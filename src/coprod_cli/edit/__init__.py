"""Edits to the files of a repository that keep every other byte as it was:
progress (`coprod progress set`), the monitoring table (`coprod monitoring
set`), new actors (`coprod new actor`) and sessions' attendance and decisions
(`coprod attendance set`, `coprod decision add|done`), and many of these at
once, all or nothing, for `coprod import` (``batch``, ``staging``). See
``yamltext`` for how."""
