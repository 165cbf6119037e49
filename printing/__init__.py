"""Documents -> paper, without Qt.

documents/  data class + layout (list of blocks) per printed form
layout      the blocks: Text, KeyValue, Rule, Spacer, QrCode, Table
render_raster  blocks -> 1-bit picture (the route that prints Vietnamese everywhere)
escpos_raster  picture -> ESC/POS bytes through python-escpos (imported lazily)
transports  preview / file / network, all failing with PrinterError
jobs        one single-thread queue per printer, retry and void
service     print_receipt(): the one call the UI makes

Nothing is imported here so that `import printing.x` stays cheap.
"""
