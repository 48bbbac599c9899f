/**
 * A module (or anything built from one) loaded when first asked for, then kept: start-up imports only
 * what answering a webhook needs, and the passes, the parser, zod, js-yaml and markdown-it come with the
 * first job that uses them (docs/performance.md, "Start-up"). Every caller waits on the same load; a
 * failed load is tried again by the next caller instead of failing every later one.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}
