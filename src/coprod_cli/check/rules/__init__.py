"""The rules, one module per domain. A rule is a pure function of the loaded
repository that yields problems (a file, a YAML path, a Spanish message);
its docstring is its documentation. check/registry.py lists every rule
explicitly: importing a module here registers nothing.
"""
