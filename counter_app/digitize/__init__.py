"""Digitisation at the counter (issue 14): paper pages into one signed PDF/A per document
component, with no Qt, so the counter, the command line and the tests share every step.

    pages.py      images and PDFs in, pages out (order kept, bad input refused in Vietnamese)
    scanners.py   SANE devices and a network scanner's folder; scanner_twain.py: TWAIN
    scan_profiles.py  resolution / colour / duplex per document kind
    pdf_build.py  pages to a PDF/A-2b: black-and-white losslessly (CCITT G4), colour as JPEG
    ocr.py        the optional invisible Vietnamese text layer (tesseract), before signing
    signing.py    a PAdES signature (pyHanko) with the office's PKCS#12 file, at a given time
    cli.py        `counter-app digitize`: exactly the PDF the counter would store
"""
