/**
 * Property tests explore random cases on developers' machines; in CI (CI=true) they replay one fixed seed
 * so a landing run is deterministic. `FC_SEED=<n>` replays a seed anywhere (fast-check prints the seed of a
 * failure).
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261121' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
