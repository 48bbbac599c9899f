import fc from 'fast-check';

/**
 * Property runs draw new inputs on every developer's run, which is how they find bugs; in CI
 * (`CI=true`) they use one fixed seed, so a landing is not decided by a draw, and a bug a draw found is
 * kept as an explicit example in its test. `FAST_CHECK_SEED` replays a failure's seed anywhere.
 */
export function seedPropertyRuns(): void {
  const given = process.env.FAST_CHECK_SEED;
  const seed = given !== undefined && given !== '' ? Number(given) : process.env.CI === 'true' ? 20_261_204 : null;
  if (seed !== null && Number.isInteger(seed)) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
