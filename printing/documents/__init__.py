"""One module per printed document: its data class, a demo instance and its layout."""
