// The server's architecture rules (docs/architecture.md), checked by `npm run verify`:
// - no import cycle between the folders of apps/server/src (type-only imports count too);
// - another folder is imported only through its index.ts (its public face);
// - the infrastructure (lib, db, engine, http) and the kernel import no domain.
// Test files are left out: a test may reach into the code it tests.
const SRC = '^apps/server/src/';
const BELOW_DOMAINS = '(lib|db|engine|http|kernel)';
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'Folders form layers: a domain calls down through index.ts, up only through a job (docs/architecture.md).',
      severity: 'error',
      scope: 'folder',
      from: { path: `${SRC}[^/]+$` },
      to: { path: `${SRC}[^/]+$`, circular: true },
    },
    {
      name: 'only-through-index',
      comment: "Another folder's internals are private: import its index.ts (docs/architecture.md).",
      severity: 'error',
      from: { path: `${SRC}([^/]+)/` },
      to: { path: `${SRC}[^/]+/`, pathNot: [`${SRC}$1/`, `${SRC}[^/]+/index\\.ts$`] },
    },
    {
      name: 'infrastructure-names-no-domain',
      comment: 'lib, db, engine, http and kernel sit below the domains and never import one.',
      severity: 'error',
      from: { path: `${SRC}${BELOW_DOMAINS}/` },
      to: { path: SRC, pathNot: [`${SRC}${BELOW_DOMAINS}/`] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['\\.test\\.ts$', 'node_modules'] },
    doNotFollow: { path: 'node_modules' },
  },
};
