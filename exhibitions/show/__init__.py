"""The physical show: venues and their walls, each work's printed form, the sequence laid onto walls, and the
documents a hanging crew works from (elevations, hanging sheets, checklist, labels, price list, print order)."""
