"""Goals: plans for a planning year (OP1, OP2), goals measured by the WBR engine, reviews."""
