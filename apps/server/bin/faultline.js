#!/usr/bin/env node
// The `faultline` command. Needs a Node that strips TypeScript types (22.18+, 24 LTS).
import '../src/cli/main.ts';
