// Lint: typescript-eslint's recommended rules. The architecture rules (folders imported only through their
// index.ts, no cycle between folders) are dependency-cruiser's: .dependency-cruiser.cjs, run by `npm run verify`.
import js from '@eslint/js';
import formatjs from 'eslint-plugin-formatjs';
import tseslint from 'typescript-eslint';

/**
 * The console's files whose every user-visible word comes from the catalogs (packages/i18n/catalogs, issue 14):
 * in these, FormatJS's no-literal-string-in-jsx fails on text written in JSX and on a literal in a prop a person
 * reads (label, placeholder, title, description, aria-label, tooltips, dialog words…). A ratchet: a file joins the
 * list when it is translated and never leaves it; the list grows until it is all of apps/web/src (then it becomes
 * `apps/web/src/**\/*.tsx`). Words that are data, not language (code, keys, a level like P1) are excepted per
 * element: <Code> and <Kbd> children, or a constant (e.g. NO_VALUE) instead of a literal.
 */
const TRANSLATED_CONSOLE_FILES = [
  'apps/web/src/auth/password-sign-in-form.tsx',
  'apps/web/src/auth/require-session.tsx',
  'apps/web/src/auth/session-menu.tsx',
  'apps/web/src/auth/sign-in-page.tsx',
  'apps/web/src/auth/token-sign-in-form.tsx',
  'apps/web/src/incidents/acknowledge-button.tsx',
  'apps/web/src/incidents/confirmed-action-button.tsx',
  'apps/web/src/incidents/escalate-button.tsx',
  'apps/web/src/incidents/high-urgency-watch.tsx',
  'apps/web/src/incidents/incident-detail-page.tsx',
  'apps/web/src/incidents/incident-header.tsx',
  'apps/web/src/incidents/incident-list-page.tsx',
  'apps/web/src/incidents/incident-table.tsx',
  'apps/web/src/incidents/level-badge.tsx',
  'apps/web/src/incidents/noise.tsx',
  'apps/web/src/incidents/resolve-button.tsx',
  'apps/web/src/incidents/status-badge.tsx',
  'apps/web/src/incidents/timeline.tsx',
  'apps/web/src/oncall/nav-links.tsx',
  'apps/web/src/people/language-switch.tsx',
  'apps/web/src/postmortem/overdue-badge.tsx',
  'apps/web/src/response/action-error.tsx',
  'apps/web/src/response/clock-card.tsx',
  'apps/web/src/response/group-card.tsx',
  'apps/web/src/response/key-times-card.tsx',
  'apps/web/src/response/lifecycle-bar.tsx',
  'apps/web/src/response/note-card.tsx',
  'apps/web/src/response/roles-card.tsx',
  'apps/web/src/response/room-section.tsx',
  'apps/web/src/response/war-room-card.tsx',
  'apps/web/src/ui/app-frame.tsx',
  'apps/web/src/ui/error-boundary.tsx',
  'apps/web/src/ui/live-indicator.tsx',
  'apps/web/src/ui/main-nav.tsx',
  'apps/web/src/ui/not-found-page.tsx',
  'apps/web/src/ui/states.tsx',
  'apps/web/src/ui/theme-toggle.tsx',
  'apps/web/src/ui/time.tsx',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'apps/server/drizzle/**'] },
  js.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A domain adds its part to a shared interface with `interface X extends Part {}` (declaration merging).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: TRANSLATED_CONSOLE_FILES,
    plugins: { formatjs },
    rules: {
      'formatjs/no-literal-string-in-jsx': [
        'error',
        {
          props: {
            include: [
              [
                '*',
                '{label,placeholder,title,description,error,alt,aria-label,whyNot,blockedWhy,dialogTitle,explanation,confirmLabel,failedTitle}',
              ],
            ],
            exclude: [['{Code,Kbd}', 'children']],
          },
        },
      ],
    },
  },
);
