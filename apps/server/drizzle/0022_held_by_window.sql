-- 0022 suppress-incidents maintenance windows (docs/convergence.md#maintenance-windows): the window holding an
-- incident back as a risk until it ends. Expand only: nodes of the previous version ignore the new column.
ALTER TABLE "incidents" ADD COLUMN "held_by_window" text;
