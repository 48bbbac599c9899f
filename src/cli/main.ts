import { parseArgs } from 'node:util';
import { configJsonSchema } from '../config/json-schema.js';
import { CHECK_HELP, checkCommand } from './check-command.js';
import { DEMO_HELP, demoCommand } from './demo-command.js';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io.js';
import { PARSE_HELP, parseCommand } from './parse-command.js';
import { PLAN_HELP, planCommand } from './plan-command.js';
import { SIMULATE_HELP, simulateCommand } from './simulate-command.js';
import { STATS_HELP, statsCommand } from './stats-command.js';
import { packageVersion } from './version.js';

export type { CliIo } from './io.js';

const HELP = `Usage: incident-responder COMMAND [options]

Commands:
  parse FILE [--config FILE] [--json]     show what the app reads from an incident body or template
  check [--config FILE] [--json] TEMPLATE... lint issue templates and the config (exit 1 on problems)
  schema                                  print the JSON Schema of .github/incident.yml
  demo [SCENARIO.yml]                     play an incident on the simulator and show what responders see
  simulate SCENARIO.yml [--json] [--dry-run]  run the app against a simulated GitHub on a virtual clock
  plan FILE [--config FILE] [--at DUR]    show what the app would do for a new incident (a dry run)
  stats DIR [--out DIR] [--timezone ZONE] [--json]
                                          index a reports checkout: print the tables, write index + SVG charts

Run "incident-responder COMMAND --help" for a command's options; "incident-responder --version" prints the version.
`;

const SCHEMA_HELP = `Usage: incident-responder schema

Print the JSON Schema of .github/incident.yml (for editor completion and validation).
`;

const OPTIONS = {
  config: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  at: { type: 'string' },
  out: { type: 'string' },
  timezone: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Every command shares one option table; a command rejects the options it does not take. */
function args(argv: string[], allowed: ReadonlyArray<keyof typeof OPTIONS>) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  for (const key of Object.keys(parsed.values)) {
    if (key !== 'help' && !allowed.includes(key as keyof typeof OPTIONS))
      throw new UsageError(`option --${key} is not an option of this command`);
  }
  return parsed;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'parse': {
      const { values, positionals } = args(rest, ['config', 'json']);
      if (values.help) return help(io, PARSE_HELP);
      if (positionals.length !== 1) throw new UsageError(`parse takes one FILE\n\n${PARSE_HELP}`);
      return parseCommand({ io, file: positionals[0] ?? '', configFile: values.config, json: values.json === true });
    }
    case 'check': {
      const { values, positionals } = args(rest, ['config', 'json']);
      if (values.help) return help(io, CHECK_HELP);
      if (positionals.length === 0 && values.config === undefined)
        throw new UsageError(`check takes at least one TEMPLATE or --config FILE\n\n${CHECK_HELP}`);
      return checkCommand({ io, files: positionals, configFile: values.config, json: values.json === true });
    }
    case 'simulate': {
      const { values, positionals } = args(rest, ['json', 'dry-run']);
      if (values.help) return help(io, SIMULATE_HELP);
      if (positionals.length !== 1) throw new UsageError(`simulate takes one SCENARIO.yml\n\n${SIMULATE_HELP}`);
      return simulateCommand({
        io,
        file: positionals[0] ?? '',
        json: values.json === true,
        dryRun: values['dry-run'] === true,
      });
    }
    case 'demo': {
      const { values, positionals } = args(rest, []);
      if (values.help) return help(io, DEMO_HELP);
      if (positionals.length > 1) throw new UsageError(`demo takes at most one SCENARIO.yml\n\n${DEMO_HELP}`);
      return demoCommand({ io, file: positionals[0] });
    }
    case 'plan': {
      const { values, positionals } = args(rest, ['config', 'at', 'json']);
      if (values.help) return help(io, PLAN_HELP);
      if (positionals.length !== 1) throw new UsageError(`plan takes one FILE\n\n${PLAN_HELP}`);
      return planCommand({
        io,
        file: positionals[0] ?? '',
        configFile: values.config,
        at: values.at,
        json: values.json === true,
      });
    }
    case 'stats': {
      const { values, positionals } = args(rest, ['config', 'json', 'out', 'timezone']);
      if (values.help) return help(io, STATS_HELP);
      if (positionals.length !== 1) throw new UsageError(`stats takes one DIR\n\n${STATS_HELP}`);
      return statsCommand({
        io,
        dir: positionals[0] ?? '',
        out: values.out,
        timezone: values.timezone,
        configFile: values.config,
        json: values.json === true,
      });
    }
    case 'schema': {
      const { values } = args(rest, []);
      if (values.help) return help(io, SCHEMA_HELP);
      io.stdout(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      return EXIT_OK;
    }
    case '--version':
    case 'version':
      io.stdout(`${await packageVersion(io)}\n`);
      return EXIT_OK;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return help(io, HELP);
    default:
      throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  }
}

function help(io: CliIo, text: string): number {
  io.stdout(text);
  return EXIT_OK;
}

/** The CLI as a function of its arguments and I/O; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`incident-responder: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
