"""Photos and files attached to tickets: at intake, survey and repair (R-TKT-6, R-DSP-2/6)."""
