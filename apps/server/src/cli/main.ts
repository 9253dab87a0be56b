#!/usr/bin/env node
/**
 * The `faultline` command. `npm start` runs `faultline serve`; `npm run faultline -- <command>` runs any.
 */
import { Command } from 'commander';
import { serveCommand } from './serve.ts';
import { migrateCommand } from './migrate.ts';
import { configCheckCommand } from './config-check.ts';
import { alertSendCommand } from './alert-send.ts';
import { registerIncidentCommands } from './incident.ts';
import { registerRoomCommands } from './room.ts';
import { registerDrillCommands } from './drill.ts';
import { registerLevelsCommands } from './levels.ts';
import { registerTokenCommands } from './token.ts';
import { registerUserCommands } from './user.ts';
import { registerTeamCommands } from './team.ts';
import { registerServiceCommands } from './service.ts';
import { registerAuditCommand } from './audit.ts';
import { registerOncallCommands } from './oncall.ts';
import { registerContactCommands } from './contact.ts';
import { registerIntakeCommands } from './intake.ts';
import { registerMaintenanceCommands } from './maintenance.ts';
import { registerSilenceCommands } from './silence.ts';
import { registerHeartbeatCommands } from './heartbeat.ts';
import { registerIncidentClose, registerPostmortemCommands } from './postmortem.ts';
import { registerChangeCommands } from './change.ts';
import { registerRecoveryCommands } from './recovery.ts';
import { registerAnalyticsCommands } from './analytics.ts';
import { registerStoreCommands } from './store.ts';

const program = new Command('faultline').description('Faultline: self-hosted fault management').showHelpAfterError();

program
  .command('serve')
  .description('start the API, the web console and the engine (env: see README)')
  .action(serveCommand);
program.command('migrate').description('apply database migrations and exit').action(migrateCommand);
program
  .command('config')
  .description('config as code')
  .command('check')
  .argument('<file>', 'YAML config file')
  .description('validate and lint a config file; exit 1 on errors')
  .action(configCheckCommand);
program
  .command('alert')
  .description('alerts')
  .command('send')
  .description('send a test alert to an integration (Alertmanager or generic format, by the key)')
  .option('--url <url>', 'Faultline base URL', process.env.FAULTLINE_URL ?? 'http://127.0.0.1:8080')
  .option('--key <key>', 'integration key', 'quickstart')
  .option('--source <source>', 'alertmanager or generic', 'alertmanager')
  .option('--service <service>', 'service label', 'checkout-api')
  .option('--name <alertname>', 'alertname label', 'FaultlineTestAlert')
  .option('--severity <severity>', 'severity label', 'critical')
  .option('--summary <text>', 'summary', 'Test alert sent with faultline alert send')
  .option('--resolve', 'send it resolved instead of firing')
  .action(alertSendCommand);

registerIncidentCommands(program);
registerRoomCommands(program);
registerDrillCommands(program);
registerLevelsCommands(program);
registerTokenCommands(program);
registerUserCommands(program);
registerTeamCommands(program);
registerServiceCommands(program);
registerAuditCommand(program);
registerOncallCommands(program);
registerContactCommands(program);
registerIntakeCommands(program);
registerSilenceCommands(program);
registerHeartbeatCommands(program);
registerMaintenanceCommands(program);
registerPostmortemCommands(program);
registerIncidentClose(program);
registerChangeCommands(program);
registerRecoveryCommands(program);
registerAnalyticsCommands(program);
registerStoreCommands(program);

await program.parseAsync();
