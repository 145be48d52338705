"""tfmatrix: which TensorFlow releases show which behaviour, with evidence."""

__version__ = "0.1.0"
