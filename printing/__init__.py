"""Documents -> paper, without Qt.

documents/      data class + demo + layout per form: ticket, receipt (01), supplement (02),
                refusal (03), result return, printer test; texts from forms.json; copies
layout          the blocks: Text, KeyValue, Rule, Spacer, QrCode, Table, Signatures
render_raster   blocks -> 1-bit picture (the route that prints Vietnamese everywhere)
text_masks      drawn text runs kept by (font, text), stamped as ImageDraw.text draws them
raster_qr       QR codes as pictures; qr_matrix: qrcode's modules with a faster mask choice
render_text     blocks -> ESC/POS text in one code page (codepages: TCVN-3, CP1258)
escpos_raster   picture -> ESC/POS raster bytes (as python-escpos would send them)
escpos_commands ESC/POS commands byte by byte (code page, sizes, QR GS ( k, GS v 0)
profiles        what a python-escpos profile says: dots, columns, QR, cutter, code pages
settings        PrinterSettings (to_dict / from_dict, Vietnamese validation messages)
discovery       discover_printers(): USB, serial, CUPS, Windows, /dev/usb/lp*
transports      preview / file / network / serial / usb / cups / win32, PrinterError
status          DLE EOT status -> offline, cover open, paper out, near end, error
jobs            one single-thread queue per printer: status check, retry, reprint, void
service         build_job(), job_for(), print_receipt(), print_document(), printer_test_job()
pdf             forms on A4 (fpdf2): receipt_pdf(), supplement_pdf(), refusal_pdf()
cli             `counter-app print-sample …`

Nothing is imported here so that `import printing.x` stays cheap.
"""
