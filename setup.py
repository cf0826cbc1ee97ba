"""Build the optional C passes over a page's tree (pipeline/_walk.pyx, see pipeline/native.py).

The package metadata lives in pyproject.toml; this file only declares the
extension. It is optional: where no C compiler is found the install still
succeeds and the stages look at every element in Python (same records,
about 1.2 ms a page slower).
"""

import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

walk = Extension(
    "pipeline._walk",
    ["pipeline/_walk.pyx"],
    include_dirs=lxml.get_include(),  # lxml's public C API and the libxml2 headers its wheels ship
)
extensions = cythonize([walk], quiet=True)
for extension in extensions:
    extension.optional = True  # a failed compile warns and installs without it (cythonize drops the flag)
setup(ext_modules=extensions)
