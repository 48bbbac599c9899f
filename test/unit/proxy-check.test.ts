import { describe, expect, it } from '@jest/globals';
import { proxySwitchWarning } from '../../src/server/proxy-check.js';

describe('the start-up warning about the proxy switch', () => {
  it.each([
    { why: 'no switch', env: {}, execArgv: [], takenUp: false, warns: false },
    {
      why: 'a proxy for other tools, no switch',
      env: { HTTPS_PROXY: 'http://p:3128' },
      execArgv: [],
      takenUp: false,
      warns: false,
    },
    { why: 'the switch, taken up', env: { NODE_USE_ENV_PROXY: '1' }, execArgv: [], takenUp: true, warns: false },
    {
      why: 'the switch, not taken up (old Node, or .env)',
      env: { NODE_USE_ENV_PROXY: '1' },
      execArgv: [],
      takenUp: false,
      warns: true,
    },
    { why: 'the flag, not taken up', env: {}, execArgv: ['--use-env-proxy'], takenUp: false, warns: true },
    {
      why: 'the flag in NODE_OPTIONS, not taken up',
      env: { NODE_OPTIONS: '--max-semi-space-size=8 --use-env-proxy' },
      execArgv: [],
      takenUp: false,
      warns: true,
    },
    { why: 'the switch off', env: { NODE_USE_ENV_PROXY: '0' }, execArgv: [], takenUp: false, warns: false },
  ])('$why', ({ env, execArgv, takenUp, warns }) => {
    const warning = proxySwitchWarning({ env, execArgv, takenUp, nodeVersion: 'v22.20.0' });
    if (warns) expect(warning).toMatch(/^NODE_USE_ENV_PROXY is set but Node v22\.20\.0 did not take it up/);
    else expect(warning).toBeNull();
  });
});
