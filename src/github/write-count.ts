/**
 * Which requests change something on GitHub: what the Action's `max-writes` input counts. Every
 * method but GET and HEAD writes, except a GraphQL query (a POST that only reads; a mutation writes).
 */
export function isWrite(params: { method: string; url: string; query?: unknown }): boolean {
  const method = params.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') return false;
  if (/\/graphql$/.test(params.url)) return typeof params.query === 'string' && /^\s*mutation\b/.test(params.query);
  return true;
}
