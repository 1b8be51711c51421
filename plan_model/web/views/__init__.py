"""One module per kind of page (STYLE §5): each view reads the request, calls a task over
pipeline.py and renders a template or the JSON of SPEC §11."""
