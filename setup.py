"""Packages for the wheel: the `app` package, plus the top-level `data/` and `resources/` folders
installed inside it as `app/data` and `app/resources`, so a plain `pip install .` works."""

from pathlib import Path

from setuptools import find_packages, setup

SHIPPED = ("data", "resources")


def shipped_packages():
    packages, dirs, files = [], {}, {}
    for top in (t for t in SHIPPED if Path(t).is_dir()):
        for folder in [Path(top), *sorted(p for p in Path(top).rglob("*") if p.is_dir())]:
            name = "app." + ".".join(folder.parts)
            packages.append(name)
            dirs[name] = str(folder)
            files[name] = [p.name for p in folder.iterdir() if p.is_file()]
    return packages, dirs, files


extra, extra_dirs, extra_files = shipped_packages()
setup(packages=find_packages(include=["app", "app.*"]) + extra,
      package_dir={"app": "app", **extra_dirs},
      package_data=extra_files)
