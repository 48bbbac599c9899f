import type { ProbotOctokit } from 'probot';

/**
 * Probot builds an installation Octokit for every webhook (`context.octokit`) before any handler runs.
 * The app's jobs use one long-lived client per installation instead (./installation-clients.ts), so
 * the webhook's own client is almost never used. Building it (Octokit's plugins, authentication and
 * request defaults, three classes of defaults deep) was the largest part of what the app spent on a
 * webhook beyond Probot's no-op peer (issue 27). With this class as Probot's Octokit, an installation
 * client is built on its first real use.
 *
 * Until then the stand-in answers, without building, only what Probot itself touches on every
 * webhook: `then` (the client is returned from an async function: a promise looks for it), its own
 * symbol-keyed markers, and `hook` registrations (Probot's Context adds a `before` request hook that
 * sets the delivery id header), which are replayed on the client once it is built. Anything else builds
 * the client and is answered by it. Clients authenticated as the app (no installation) are built at once.
 */

/** The built client of a stand-in (a real Octokit instance), for those who keep it: ./installation-clients.ts. */
export const BUILT = Symbol('incident-responder built Octokit');

type HookKind = 'before' | 'after' | 'error' | 'wrap';
type HookCall = { kind: HookKind; name: string; fn: unknown };
type Hook = Record<HookKind, (name: string, fn: unknown) => void>;

function standIn(build: () => object): object {
  let built: object | null = null;
  const symbols = new Map<PropertyKey, unknown>();
  const hookCalls: HookCall[] = [];
  const client = (): object => {
    if (built) return built;
    const real = build() as { hook: Hook } & Record<PropertyKey, unknown>;
    for (const call of hookCalls) real.hook[call.kind](call.name, call.fn);
    for (const [key, value] of symbols) real[key] = value;
    built = real;
    return real;
  };
  const record =
    (kind: HookKind) =>
    (name: string, fn: unknown): void => {
      if (built) (built as { hook: Hook }).hook[kind](name, fn);
      else hookCalls.push({ kind, name, fn });
    };
  const pendingHook: Hook = {
    before: record('before'),
    after: record('after'),
    error: record('error'),
    wrap: record('wrap'),
  };
  return new Proxy(
    {},
    {
      get(_target, key) {
        if (key === BUILT) return client();
        if (!built) {
          if (key === 'then') return undefined;
          if (typeof key === 'symbol') return symbols.get(key);
          if (key === 'hook') return pendingHook;
        }
        const real = client() as Record<PropertyKey, unknown>;
        return real[key];
      },
      set(_target, key, value) {
        if (!built && typeof key === 'symbol') {
          symbols.set(key, value);
          return true;
        }
        (client() as Record<PropertyKey, unknown>)[key] = value;
        return true;
      },
      has: (_target, key) => key in client(),
      ownKeys: () => Reflect.ownKeys(client()),
      getOwnPropertyDescriptor(_target, key) {
        const descriptor = Reflect.getOwnPropertyDescriptor(client(), key);
        // The proxy's target has none of the client's properties: reported as configurable, as a proxy must.
        return descriptor ? { ...descriptor, configurable: true } : undefined;
      },
      defineProperty: (_target, key, descriptor) => Reflect.defineProperty(client(), key, descriptor),
      deleteProperty: (_target, key) => Reflect.deleteProperty(client(), key),
      getPrototypeOf: () => Reflect.getPrototypeOf(client()),
    },
  );
}

/** `Base` whose installation clients are built on first use (see the file comment). */
export function lazyInstallationOctokit(Base: typeof ProbotOctokit): typeof ProbotOctokit {
  class LazyInstallationOctokit extends Base {
    constructor(...args: unknown[]) {
      const options = (args[0] ?? {}) as { auth?: { installationId?: unknown } };
      if (options.auth?.installationId === undefined) {
        super(options);
        return;
      }
      // A derived constructor may return an object instead of calling super(). Built later as this
      // very class would have been (the subclass's plugins and prototype, its defaults already applied).
      const leaf = new.target;
      return standIn(() => Reflect.construct(Base, [options], leaf) as object) as LazyInstallationOctokit;
    }
  }
  return LazyInstallationOctokit as unknown as typeof ProbotOctokit;
}
