"""Skills: the taxonomy, normalising what members write, and the per-area skills directory."""
