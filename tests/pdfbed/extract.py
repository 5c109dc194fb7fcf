"""Take the text out of a PDF with six programs, each as its users run it."""
from __future__ import annotations

import logging

logging.getLogger("pdfminer").setLevel(logging.ERROR)

import subprocess

EXTRACTORS = ("pdftotext", "pdftotext-raw", "pdftotext-layout", "pdfminer", "pymupdf", "pdfplumber")


def _pdftotext(path: str, *flags: str) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *flags, path, "-"], capture_output=True,
                         check=True)
    return out.stdout.decode("utf-8")


def extract(path: str, name: str) -> str:
    if name == "pdftotext":
        return _pdftotext(path)
    if name == "pdftotext-raw":
        return _pdftotext(path, "-raw")
    if name == "pdftotext-layout":
        return _pdftotext(path, "-layout")
    if name == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(path)
    if name == "pymupdf":
        import pymupdf

        with pymupdf.open(path) as doc:
            return "".join(page.get_text() for page in doc)
    if name == "pdfplumber":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text(layout=True) for page in pdf.pages) + "\n"
    raise ValueError(f"unknown extractor {name}")


def versions() -> dict:
    import importlib.metadata as md

    out = {}
    for pkg in ("reportlab", "pdfminer.six", "pymupdf", "pdfplumber"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = None
    try:
        v = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.split("\n")[0]
        out["pdftotext"] = v
    except OSError:
        out["pdftotext"] = None
    return out
