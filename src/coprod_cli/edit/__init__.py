"""Edits to the files of a repository that keep every other byte as it was:
progress (`coprod progress set`), the monitoring table (`coprod monitoring
set`) and new actors (`coprod new actor`). See ``yamltext`` for how."""
