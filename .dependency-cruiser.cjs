// The server's architecture rules (docs/architecture.md), checked by `npm run verify`:
// - no import cycle between the folders of apps/server/src (type-only imports count too);
// - another folder is imported only through its index.ts;
// - the infrastructure (lib, db, engine, http) and the kernel import no domain.
const SRC = '^apps/server/src/';
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'Folders form layers: a domain calls down through index.ts; up only through a job (docs/architecture.md).',
      severity: 'error',
      scope: 'folder',
      from: { path: `${SRC}[^/]+$` },
      to: { path: `${SRC}[^/]+$`, circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['\\.test\\.ts$', 'node_modules'] },
    doNotFollow: { path: 'node_modules' },
  },
};
