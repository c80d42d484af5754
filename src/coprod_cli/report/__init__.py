"""Report set: typed context, SVG pictures, Jinja rendering."""
