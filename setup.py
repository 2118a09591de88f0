"""The package list, the one thing pyproject.toml cannot say: every folder under app/ (found as
namespace packages, so a folder without __init__.py is never left out) and the top-level data/
and resources/ folders, which ship inside the package as app/data and app/resources (their
folders and files are mapped in pyproject.toml). tests/test_wheel.py compares the built wheel
with the tracked files."""

from setuptools import find_namespace_packages, setup

setup(packages=[*find_namespace_packages(include=["app", "app.*"], exclude=["*.__pycache__"]),
                "app.data", "app.resources"])
