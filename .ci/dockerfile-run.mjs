// Runs a Dockerfile's stages as plain commands, for a machine without a container daemon: each stage
// is a directory under OUT_DIR standing for its WORKDIR, COPY copies from the build context (or from an
// earlier stage with --from), RUN runs in that directory with the stage's ENV. Not emulated: the base
// image (this machine's Node runs instead) and USER (checked to be set, not switched to).
// Prints the final stage as JSON: { dir, env, cmd, healthcheck }.
// Usage: node dockerfile-run.mjs DOCKERFILE CONTEXT_DIR OUT_DIR
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [dockerfile, context, out] = process.argv.slice(2).map((p) => resolve(p));
const lines = readFileSync(dockerfile, 'utf8')
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const args = {};
const stages = new Map();
let stage = null;

const expand = (text) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a, b) => args[a ?? b] ?? stage?.env[a ?? b] ?? '');
const fail = (message) => {
  process.stderr.write(`dockerfile-run: ${message}\n`);
  process.exit(1);
};
const pairs = (text) =>
  Object.fromEntries([...text.matchAll(/\b(\w+)=("[^"]*"|\S+)/g)].map(([, k, v]) => [k, v.replace(/^"|"$/g, '')]));
/** A path inside a stage: WORKDIR-relative, or absolute under the WORKDIR. */
const inStage = (s, path) => join(s.dir, path.startsWith(s.workdir) ? path.slice(s.workdir.length) : path);

for (const line of lines) {
  const [instruction, ...rest] = line.split(/\s+/);
  const body = expand(line.slice(instruction.length).trim());
  switch (instruction.toUpperCase()) {
    case 'ARG':
      if (!stage) Object.assign(args, pairs(body));
      break;
    case 'FROM': {
      const name = /\bAS\s+(\S+)/i.exec(body)?.[1] ?? String(stages.size);
      stage = {
        name,
        dir: join(out, `stage-${stages.size}-${name}`),
        workdir: '/',
        env: {},
        user: null,
        cmd: null,
        healthcheck: null,
        base: body.split(/\s+/)[0],
      };
      mkdirSync(stage.dir, { recursive: true });
      stages.set(name, stage);
      break;
    }
    case 'WORKDIR':
      stage.workdir = body.endsWith('/') ? body : `${body}/`;
      break;
    case 'ENV':
      Object.assign(stage.env, pairs(body));
      break;
    case 'COPY': {
      const parts = body.split(/\s+/);
      let from = null;
      while (parts[0]?.startsWith('--')) {
        const flag = parts.shift();
        if (flag.startsWith('--from=')) from = stages.get(flag.slice(7)) ?? fail(`no stage ${flag.slice(7)}`);
      }
      const dest = parts.pop();
      for (const source of parts) {
        const src = from ? inStage(from, source) : join(context, source);
        const target = dest.endsWith('/') ? join(inStage(stage, dest), source.split('/').pop()) : inStage(stage, dest);
        cpSync(src, target, { recursive: true });
      }
      break;
    }
    case 'RUN': {
      process.stderr.write(`dockerfile-run [${stage.name}] RUN ${body}\n`);
      const result = spawnSync('sh', ['-c', body], {
        cwd: stage.dir,
        stdio: ['ignore', 2, 2],
        env: { ...process.env, ...stage.env },
      });
      if (result.status !== 0) fail(`RUN failed (${result.status}): ${body}`);
      break;
    }
    case 'USER':
      stage.user = body;
      break;
    case 'CMD':
      stage.cmd = JSON.parse(body);
      break;
    case 'HEALTHCHECK':
      stage.healthcheck = JSON.parse(body.slice(body.indexOf('CMD') + 3).trim());
      break;
    case 'EXPOSE':
    case 'LABEL':
      break;
    default:
      fail(`instruction not emulated: ${instruction}`);
  }
  void rest;
}
if (!stage.user || stage.user === 'root' || stage.user === '0') fail('the final stage must run as a non-root USER');
if (!stage.cmd || !stage.healthcheck) fail('the final stage needs CMD and HEALTHCHECK in exec (JSON) form');
process.stdout.write(
  JSON.stringify({ dir: stage.dir, env: stage.env, cmd: stage.cmd, healthcheck: stage.healthcheck, base: stage.base }),
);
