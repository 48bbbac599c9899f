import { nodeProxyEnv } from '../github/http-fetch.js';

/**
 * Behind an outbound proxy the operator turns on Node's own support (`NODE_USE_ENV_PROXY=1` or
 * `--use-env-proxy`, src/github/http-fetch.ts). A Node too old for it, or the switch set only in `.env`
 * (read after Node started), ignores it without a word, and every call to GitHub would fail at the
 * firewall: the start-up log says so instead.
 */
export function proxySwitchWarning(params: {
  env: Readonly<Record<string, string | undefined>>;
  execArgv: readonly string[];
  /** What Node's global agent took up (`nodeProxyEnv()`): undefined when it did not. */
  takenUp: boolean;
  nodeVersion: string;
}): string | null {
  const nodeOptions = (params.env.NODE_OPTIONS ?? '').split(/\s+/);
  const asked =
    params.env.NODE_USE_ENV_PROXY === '1' ||
    params.execArgv.includes('--use-env-proxy') ||
    nodeOptions.includes('--use-env-proxy');
  if (!asked || params.takenUp) return null;
  return (
    `NODE_USE_ENV_PROXY is set but Node ${params.nodeVersion} did not take it up: GitHub is called without the ` +
    'proxy. Node takes it from 22.21 and 24.5 on, and only from the environment it starts with (not from .env).'
  );
}

/** This process's start-up warnings about the proxy switch (none or one). */
export function proxySwitchWarnings(): string[] {
  const warning = proxySwitchWarning({
    env: process.env,
    execArgv: process.execArgv,
    takenUp: nodeProxyEnv() !== undefined,
    nodeVersion: process.version,
  });
  return warning === null ? [] : [warning];
}
