"""The web page (`generate.py serve`, SPEC §11): thin views over pipeline.py."""
