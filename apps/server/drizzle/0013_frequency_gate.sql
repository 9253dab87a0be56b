-- 0013 frequency gate (docs/convergence.md#frequency-gate): an incident waiting behind convergence.frequencyGate
-- keeps its group's firing instants until it opens. Expand only: nodes of the previous version ignore the column.
ALTER TABLE "incidents" ADD COLUMN "gate_firings" jsonb;
