"""The briefing documents: slides (PPTX, PNG), the A4 PDF and the Word report, drawn from the metrics layer."""
