"""Creating files from templates: a new canton repository (`coprod init`) and
one new agreement, actor or plan (`coprod new`). The templates live in
``coprod_cli/templates`` (the project's top-level ``templates`` folder is a
link to it), so an installed coprod carries them."""
